#!/usr/bin/env python3
"""thread-cpu.py CMD...: runs CMD (e.g. sequoia-spark/scripts/run.sh forecast ...), samples each of its threads' CPU
ticks every 0.5 s from /proc (Linux), and prints CPU seconds per kind of thread (Spark's task threads, the JIT's
compiler threads, GC threads, the rest) over the whole command and over the forecast job's window (the
"(forecasting X s)" line it prints): whether a one-slot run keeps more than one core busy (docs/spark.md, section 1)."""
import os, re, subprocess, sys, time, threading
tck = os.sysconf('SC_CLK_TCK')
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
last = {}      # tid -> (name, ticks)
lock = threading.Lock()
def snap():
    cur = {}
    try:
        for tid in os.listdir(f'/proc/{p.pid}/task'):
            try:
                s = open(f'/proc/{p.pid}/task/{tid}/stat').read()
            except OSError:
                continue
            name = s[s.index('(') + 1:s.rindex(')')]
            f = s[s.rindex(')') + 2:].split()
            cur[tid] = (name, int(f[11]) + int(f[12]))
    except OSError:
        pass
    with lock:
        last.update(cur)
        return dict(last)
timeline = []   # (time, snapshot)
def sampler():
    while p.poll() is None:
        timeline.append((time.time(), snap())); time.sleep(0.5)
threading.Thread(target=sampler, daemon=True).start()
t0 = time.time()
window = None
for line in p.stdout:
    sys.stdout.write(line); sys.stdout.flush()
    m = re.search(r'\(forecasting ([0-9.]+) s\)', line)
    if m: window = (time.time() - float(m.group(1)), time.time())
p.wait()
def cat(n):
    if n.startswith('Executor task') or n.startswith('Executor task launch'): return 'spark tasks'
    if 'Compiler' in n or n.startswith('C1 ') or n.startswith('C2 '): return 'JIT compiler'
    if n.startswith('GC ') or n.startswith('G1 ') or 'Conc' in n or n.startswith('VM Periodic') : return 'GC'
    if n == 'main': return 'main (driver)'
    return 'other'
tot = {}
for tid, (n, t) in last.items():
    tot[cat(n)] = tot.get(cat(n), 0) + t / tck
wall = time.time() - t0
print('--- thread CPU over the whole command (%.1f s wall):' % wall)
for k, v in sorted(tot.items(), key=lambda kv: -kv[1]):
    print('  %-16s %7.1f s' % (k, v))
print('  %-16s %7.1f s = %.2f cores busy' % ('all', sum(tot.values()), sum(tot.values()) / wall))
names = {}
for tid, (n, t) in last.items():
    names[n] = names.get(n, 0) + t / tck
print('  top threads: ' + ', '.join('%s %.1f' % kv for kv in sorted(names.items(), key=lambda kv: -kv[1])[:10]))

if window:
    def at(t):
        best = {}
        for ts, sn in timeline:
            if ts <= t: best = sn
        return best
    a, b = at(window[0]), at(window[1])
    w = {}
    for tid, (n, t) in b.items():
        w[cat(n)] = w.get(cat(n), 0) + (t - a.get(tid, (n, 0))[1]) / tck
    span = window[1] - window[0]
    print('--- thread CPU in the forecasting window (%.1f s, sampled every 0.5 s):' % span)
    for k, v in sorted(w.items(), key=lambda kv: -kv[1]):
        print('  %-16s %7.1f s' % (k, v))
    print('  %-16s %7.1f s = %.2f cores busy' % ('all', sum(w.values()), sum(w.values()) / span))
sys.exit(p.returncode)
