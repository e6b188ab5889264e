package io.sequoia.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: the measurement of docs/reliability.md "Memory over a long run" on the real command.
 * Runs {@code sequoia train lm ARGS} in this JVM and, each time the command prints an {@code epoch N:}
 * line (the end of an epoch), records the used heap after three {@code System.gc()} calls. Prints the
 * figures at every 5th epoch and the change from epoch 5 to the last one.
 * <pre>java -cp CLASSPATH io.sequoia.cli.LmMemoryRun --data slice.txt --out DIR --epochs 50 ...</pre>
 */
public final class LmMemoryRun {
    private LmMemoryRun() {}

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) {
        PrintStream real = System.out;
        List<long[]> heap = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        System.setOut(new PrintStream(new OutputStream() {
            @Override public void write(int b) {
                real.write(b);
                if (b != '\n') { line.append((char) b); return; }
                String s = line.toString();
                line.setLength(0);
                if (s.startsWith("epoch ")) {
                    int epoch = Integer.parseInt(s.substring(6, s.indexOf(':')));
                    long used = heapAfterGc();
                    heap.add(new long[] {epoch, used});
                    real.printf(Locale.ROOT, "  [heap after GC at epoch %d: %.3f MB]%n", epoch, used / 1048576.0);
                }
            }
        }, true, StandardCharsets.ISO_8859_1));
        String[] all = new String[args.length + 2];
        all[0] = "train";
        all[1] = "lm";
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.commandLine().execute(all);
        System.setOut(real);
        StringBuilder every5 = new StringBuilder();
        long at5 = -1, last = -1;
        for (long[] h : heap) {
            if (h[0] % 5 == 0) every5.append(String.format(Locale.ROOT, "%s%d: %.3f", every5.length() == 0 ? "" : ", ", h[0], h[1] / 1048576.0));
            if (h[0] == 5) at5 = h[1];
            last = h[1];
        }
        real.println("exit " + code + "; heap after GC (MB) by epoch: " + every5);
        if (at5 > 0) real.printf(Locale.ROOT, "last epoch vs epoch 5: %+.2f %%%n", 100.0 * (last - at5) / at5);
    }
}
