package io.sequoia.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VectorMath's vector loops (expLoop and finish) must never be inlined into their callers: inlined into a gate
 * kernel they push its compilation past C2's budgets, and the vectors then live on the heap (the
 * LSTM step allocated 13 MB instead of 1 MB in about half of fresh JVMs). C2 never inlines a
 * method whose bytecode is longer than FreqInlineSize, so both must stay longer than that.
 */
class VectorMathInliningTest {
    @Test
    void theVectorLoopsAreTooLongForC2ToInline() throws Exception {
        long limit = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("FreqInlineSize").getValue());
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        Path classes = Path.of(VectorMath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        int rc = javap.run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", "-cp", classes.toString(), VectorMath.class.getName());
        assertEquals(0, rc, out::toString);
        for (String method : new String[] {"expLoop(", "finish("}) {
            long length = codeLength(out.toString(), method);
            assertTrue(length > limit, method + " has " + length + " bytes of bytecode; C2 inlines methods up to FreqInlineSize = " + limit);
        }
    }

    /** The offset just past the last instruction of the method whose declaration contains {@code name}. */
    private static long codeLength(String javap, String name) {
        int at = javap.indexOf(" " + name);
        assertTrue(at >= 0, "no method " + name);
        int end = javap.indexOf("\n\n", at);
        Matcher m = Pattern.compile("\\n\\s+(\\d+): (\\w+)").matcher(javap.substring(at, end < 0 ? javap.length() : end));
        long last = -1;
        String op = "";
        while (m.find()) { last = Long.parseLong(m.group(1)); op = m.group(2); }
        assertTrue(op.endsWith("return"), name + " ends with " + op);
        return last + 1;                                      // a return instruction is one byte
    }
}
