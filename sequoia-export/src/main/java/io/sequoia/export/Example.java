package io.sequoia.export;

import io.sequoia.autograd.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One example input of an exported network and Sequoia's output for it, written beside the export
 * as {@code {"inputs": {NAME: {"type", "dims", "data"}}, "outputs": {NAME: {"dims", "data"}}}} so that
 * another runtime can be checked against Sequoia. Names and order are the exported network's.
 */
final class Example {
    private final Map<String, Object> inputs = new LinkedHashMap<>(), outputs = new LinkedHashMap<>();

    /** An int64 input (token ids, lengths) from a Sequoia id tensor (ids are held as floats there). */
    Example ids(String name, Tensor t) {
        float[] f = t.toFloatArray();
        long[] l = new long[f.length];
        for (int i = 0; i < f.length; i++) l[i] = (long) f[i];
        return ids(name, t.shape(), l);
    }

    Example ids(String name, int[] dims, long[] data) {
        inputs.put(name, ordered("type", "int64", "dims", dims, "data", data));
        return this;
    }

    Example ids(String name, int[] data) {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) l[i] = data[i];
        return ids(name, new int[]{data.length}, l);
    }

    Example floats(String name, Tensor t) {
        inputs.put(name, ordered("type", "float32", "dims", t.shape(), "data", t.toFloatArray()));
        return this;
    }

    Example output(String name, Tensor t) {
        outputs.put(name, ordered("dims", t.shape(), "data", t.toFloatArray()));
        return this;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    Map<String, Object> json() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("inputs", inputs);
        r.put("outputs", outputs);
        return r;
    }
}
