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
}
