package io.sequoia.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the libtorch reference cases: every JSON in {@code ../shared/fixtures/torch/} or in the
 * folder named by the system property {@code sequoia.fixtures} (format in that folder's README).
 */
public final class Fixtures {
    private Fixtures() {}

    public static Path folder() {
        String p = System.getProperty("sequoia.fixtures");
        if (p != null && !p.isEmpty()) return Paths.get(p);
        return Paths.get("..", "..", "shared", "fixtures", "torch");
    }

    /** Every case file (index.json excluded), sorted by name. */
    public static List<Path> cases() throws IOException {
        Path dir = folder();
        if (!Files.isDirectory(dir)) throw new IOException("fixtures folder not found: " + dir.toAbsolutePath() + " (set -Dsequoia.fixtures=DIR)");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("index.json")).sorted().forEach(out::add);
            return out;
        }
    }

    public static JsonObject read(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** A tensor {"shape", "data"} as an NDArray of the given dtype (int64/bool data become floats). */
    public static NDArray array(JsonObject t, DType dtype) {
        JsonArray sh = t.getAsJsonArray("shape");
        int[] shape = new int[sh.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).getAsInt();
        JsonArray data = t.getAsJsonArray("data");
        NDArray a = NDArray.empty(dtype, shape);
        for (int i = 0; i < data.size(); i++) {
            JsonElement e = data.get(i);
            a.setDouble(i, e.isJsonNull() ? Double.NaN : parse(e.getAsString()));
        }
        return a;
    }

    private static double parse(String s) {
        switch (s) {
            case "Infinity": case "inf": return Double.POSITIVE_INFINITY;
            case "-Infinity": case "-inf": return Double.NEGATIVE_INFINITY;
            case "NaN": case "nan": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }

    public static Tensor tensor(JsonObject t, DType dtype) { return new Tensor(array(t, dtype)); }

    /** Compares shapes exactly and values within {@code tol} absolute, naming the case and the tensor. */
    public static void assertClose(String what, NDArray expected, NDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.numel(); i++) {
            double d = Math.abs(expected.getDouble(i) - actual.getDouble(i));
            if (!(d <= worst)) { worst = d; at = i; }
        }
        if (!(worst <= tol)) {
            fail(what + ": max abs difference " + worst + " > " + tol + " at flat index " + at + " (expected "
                    + expected.getDouble(at) + ", got " + actual.getDouble(at) + ")");
        }
    }
}
