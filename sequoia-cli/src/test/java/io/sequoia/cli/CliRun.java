package io.sequoia.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real command line in this JVM, captures what it prints (stdout and stderr) and checks the exit code. */
public final class CliRun {
    private CliRun() {}

    /** The stripped output of {@code sequoia args...}, after asserting the exit code. */
    public static String run(int expectedExit, String... args) {
        PrintStream old = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        System.setErr(new PrintStream(buf, true));
        int code;
        try {
            code = Main.commandLine(args).execute(args);   // as main() builds it: only the subcommand named first
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        String out = buf.toString();
        assertEquals(expectedExit, code, out);
        return out.strip();
    }

    /**
     * Ctrl-C in a child JVM: starts {@code sequoia args...}, waits (up to 120 s) for {@code file} to
     * appear (e.g. the first checkpoint), sends SIGINT and waits for the exit; returns {exit code,
     * everything printed}. Fails when the run ends before the file appears or does not stop.
     */
    public static Object[] interrupted(Path log, Path file, java.util.List<String> args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), "io.sequoia.cli.Main"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.isRegularFile(file) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(50);
        assertTrue(p.isAlive(), "the run ended early: " + Files.readString(log, StandardCharsets.UTF_8));
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not stop");
        return new Object[]{p.exitValue(), Files.readString(log, StandardCharsets.UTF_8)};
    }

    /**
     * Runs {@code sequoia args...} in this JVM with picocli's own out/err captured too (usage
     * messages), and returns {exit code, everything printed, what was printed to stderr alone};
     * asserts nothing.
     */
    public static Object[] capture(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(), errBuf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
        java.io.OutputStream tee = new java.io.OutputStream() {        // stderr: into both buffers
            @Override public void write(int b) { buf.write(b); errBuf.write(b); }
            @Override public void write(byte[] b, int off, int len) { buf.write(b, off, len); errBuf.write(b, off, len); }
        };
        PrintStream es = new PrintStream(tee, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(ps);
        System.setErr(es);
        int code;
        try {
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(ps, true));
            cl.setErr(new java.io.PrintWriter(es, true));
            code = cl.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Object[]{code, buf.toString(java.nio.charset.StandardCharsets.UTF_8), errBuf.toString(java.nio.charset.StandardCharsets.UTF_8)};
    }
}
