package io.sequoia.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
            code = Main.commandLine().execute(args);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        String out = buf.toString();
        assertEquals(expectedExit, code, out);
        return out.strip();
    }

    /**
     * Runs {@code sequoia args...} in this JVM with picocli's own out/err captured too (usage
     * messages), and returns {exit code, everything printed}; asserts nothing.
     */
    public static Object[] capture(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(ps);
        System.setErr(ps);
        int code;
        try {
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(ps, true));
            cl.setErr(new java.io.PrintWriter(ps, true));
            code = cl.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Object[]{code, buf.toString(java.nio.charset.StandardCharsets.UTF_8)};
    }
}
