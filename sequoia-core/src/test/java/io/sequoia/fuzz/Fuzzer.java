package io.sequoia.fuzz;

import io.sequoia.io.FileFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seeded mutation fuzzer for file parsers (Jazzer is not served by the Maven mirror here). Each
 * input is a seed file mutated 1–4 times (bit flips, bytes and format tokens inserted or replaced,
 * ranges deleted, duplicated or swapped, truncation, splicing with another seed, numbers replaced by
 * huge, negative and non-finite ones). The only outcomes allowed are a result, or the parser's
 * documented {@link FileFormatException} (any subclass) whose message names the file; anything
 * else — another exception, an {@link Error} such as OutOfMemoryError from a size taken on trust, or
 * a parse running longer than {@link #TIMEOUT_SECONDS} s — is a finding, written to
 * {@code target/fuzz-findings/} with the seed that reproduces it.
 *
 * <p>Iterations per target: {@code -Dsequoia.fuzz.iterations=N} (default {@value #DEFAULT_ITERATIONS}, the
 * suite's short run) or a time budget {@code -Dsequoia.fuzz.seconds=S} (the long run of docs/reliability.md);
 * {@code -Dsequoia.fuzz.seed=X} changes the generator's seed.
 */
public final class Fuzzer {
    public static final int DEFAULT_ITERATIONS = 300, TIMEOUT_SECONDS = 20;

    /** A parser under test: reads {@code file}, may throw its documented exception. */
    public interface Target { void parse(Path file) throws Exception; }

    /** What a run did: inputs tried, how many were accepted and refused, and the findings. */
    public record Report(String name, int inputs, int accepted, int refused, List<String> findings, double seconds) {
        @Override public String toString() {
            return String.format(java.util.Locale.ROOT, "%s: %d inputs in %.1f s, %d accepted, %d refused with a file error, %d findings",
                    name, inputs, seconds, accepted, refused, findings.size());
        }
    }

    private static final byte[][] COMMON = tokens("\n", "\r\n", "\r", "\t", " ", ",", ";", "\"", "'", "\\", "#", "=", ":", "0", "1", "-1", "-0",
            "4294967296", "2147483648", "99999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "-Infinity", "1e-320", "0x10", "é", "€", "\u0000",
            "\u00a0", "\u2028", "{", "}", "[", "]", "null", "true", "\"\"", ",,", "\n\n\n");

    private static byte[][] tokens(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) out[i] = s[i].getBytes(StandardCharsets.UTF_8);
        return out;
    }

    private static final byte[][] RAW = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE9}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0x80},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {0x7F, 0x7F, 0x7F, 0x7F}, {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}, {0, 0, 0, 0, 0, 0, 0, 0}};

    private Fuzzer() {}

    public static Report run(String name, Path dir, String fileName, List<byte[]> seeds, List<String> dictionary, Target target) throws IOException {
        long seed = Long.getLong("sequoia.fuzz.seed", 17L) ^ name.hashCode();
        long seconds = Long.getLong("sequoia.fuzz.seconds", 0L);
        int iterations = Integer.getInteger("sequoia.fuzz.iterations", DEFAULT_ITERATIONS);
        byte[][] dict = new byte[COMMON.length + dictionary.size()][];
        System.arraycopy(COMMON, 0, dict, 0, COMMON.length);
        for (int i = 0; i < dictionary.size(); i++) dict[COMMON.length + i] = dictionary.get(i).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve(fileName);
        Path findingsDir = Path.of("target", "fuzz-findings");
        List<String> findings = new ArrayList<>();
        int accepted = 0, refused = 0, n = 0;
        long t0 = System.nanoTime(), deadline = t0 + seconds * 1_000_000_000L;
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(r, "fuzz-" + name); t.setDaemon(true); return t; });
        try {
            for (; seconds > 0 ? System.nanoTime() < deadline : n < iterations; n++) {
                SplittableRandom r = new SplittableRandom(seed + n * 0x9E3779B97F4A7C15L);
                byte[] input = n < seeds.size() ? seeds.get(n) : mutate(seeds, dict, r);   // the seeds themselves first
                Files.write(file, input);
                Future<?> f = exec.submit(() -> { target.parse(file); return null; });
                String problem = null;
                try {
                    f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    accepted++;
                } catch (TimeoutException e) {
                    f.cancel(true);
                    problem = "no result after " + TIMEOUT_SECONDS + " s (an endless loop?)";
                    exec.shutdownNow();
                    exec = Executors.newSingleThreadExecutor();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof FileFormatException && c.getMessage() != null && c.getMessage().contains(fileName)) refused++;
                    else problem = describe(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                if (problem != null) {
                    Files.createDirectories(findingsDir);
                    Path saved = findingsDir.resolve(name + "-" + n + "-" + fileName);
                    Files.write(saved, input);
                    findings.add("input " + n + " (saved as " + saved + "): " + problem);
                }
            }
        } finally {
            exec.shutdownNow();
        }
        return new Report(name, n, accepted, refused, findings, (System.nanoTime() - t0) / 1e9);
    }

    private static String describe(Throwable c) {
        StackTraceElement[] st = c.getStackTrace();
        String where = st.length == 0 ? "" : " at " + Arrays.stream(st).limit(3).map(StackTraceElement::toString).reduce((a, b) -> a + " < " + b).orElse("");
        String kind = c instanceof FileFormatException ? "a file error whose message does not name the file" : c.getClass().getName();
        return kind + ": " + c.getMessage() + where;
    }

    static byte[] mutate(List<byte[]> seeds, byte[][] dict, SplittableRandom r) {
        byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds; k++) {
            int len = b.length;
            int at = len == 0 ? 0 : r.nextInt(len);
            switch (r.nextInt(10)) {
                case 0 -> { if (len > 0) b[at] ^= (byte) (1 << r.nextInt(8)); }
                case 1 -> { if (len > 0) b[at] = (byte) r.nextInt(256); }
                case 2 -> b = insert(b, at, dict[r.nextInt(dict.length)]);
                case 3 -> b = insert(b, at, RAW[r.nextInt(RAW.length)]);
                case 4 -> { if (len > 0) { int l = 1 + r.nextInt(Math.min(len - at, 16)); b = cut(b, at, l); } }
                case 5 -> { if (len > 0) { int l = 1 + r.nextInt(Math.min(len - at, 64)); b = insert(b, at, Arrays.copyOfRange(b, at, at + l)); } }
                case 6 -> b = Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));                     // truncated
                case 7 -> {                                                                         // spliced with another seed
                    byte[] o = seeds.get(r.nextInt(seeds.size()));
                    int from = o.length == 0 ? 0 : r.nextInt(o.length);
                    b = insert(Arrays.copyOf(b, at), at, Arrays.copyOfRange(o, from, o.length));
                }
                case 8 -> b = replaceNumber(b, r, dict);
                default -> { if (len > 0) { byte[] t = dict[r.nextInt(dict.length)]; b = insert(cut(b, at, Math.min(t.length, len - at)), at, t); } }
            }
        }
        return b;
    }

    /** Replaces a run of digits with a token (huge, negative, non-finite numbers are in the dictionary). */
    private static byte[] replaceNumber(byte[] b, SplittableRandom r, byte[][] dict) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < b.length; ) {
            if (b[i] >= '0' && b[i] <= '9') {
                int j = i;
                while (j < b.length && ((b[j] >= '0' && b[j] <= '9') || b[j] == '.')) j++;
                runs.add(new int[]{i, j - i});
                i = j;
            } else i++;
        }
        if (runs.isEmpty()) return b;
        int[] run = runs.get(r.nextInt(runs.size()));
        String[] numbers = {"-1", "0", "4294967296", "2147483647", "99999999999999999999", "1e309", "NaN", "-0", "3000000000"};
        byte[] t = r.nextInt(4) == 0 ? dict[r.nextInt(dict.length)] : numbers[r.nextInt(numbers.length)].getBytes(StandardCharsets.US_ASCII);
        return insert(cut(b, run[0], run[1]), run[0], t);
    }

    private static byte[] insert(byte[] b, int at, byte[] t) {
        byte[] o = new byte[b.length + t.length];
        System.arraycopy(b, 0, o, 0, at);
        System.arraycopy(t, 0, o, at, t.length);
        System.arraycopy(b, at, o, at + t.length, b.length - at);
        return o;
    }

    private static byte[] cut(byte[] b, int at, int len) {
        byte[] o = new byte[b.length - len];
        System.arraycopy(b, 0, o, 0, at);
        System.arraycopy(b, at + len, o, at, b.length - at - len);
        return o;
    }
}
