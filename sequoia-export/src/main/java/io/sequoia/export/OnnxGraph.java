package io.sequoia.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph being built: initializers (weights), nodes of the default domain, typed inputs and
 * outputs with named (dynamic) or fixed dimensions; {@link #write} gives the {@code .onnx} file
 * (IR version {@value #IR_VERSION}, opset {@value #OPSET}).
 */
final class OnnxGraph {
    static final int IR_VERSION = 8, OPSET = 17;
    static final int FLOAT = 1, INT32 = 6, INT64 = 7;

    private final List<Protobuf> nodes = new ArrayList<>(), initializers = new ArrayList<>(), inputs = new ArrayList<>(), outputs = new ArrayList<>();
    private int counter;

    /** A fresh value name. */
    String fresh(String hint) { return hint + "_" + (counter++); }

    /** A float weight; returns its name. */
    String weight(String name, float[] data, int... dims) {
        if (numel(dims) != data.length) throw new IllegalArgumentException("OnnxGraph.weight: " + name + " has " + data.length + " values for dims " + java.util.Arrays.toString(dims));
        Protobuf t = new Protobuf();
        for (int d : dims) t.int64(1, d);
        t.int64(2, FLOAT).string(8, name).bytes(9, Protobuf.raw(data));
        initializers.add(t);
        return name;
    }

    /** An int64 constant (shapes, axes); returns its name. */
    String ints(String hint, long... data) {
        String name = fresh(hint);
        Protobuf t = new Protobuf().int64(1, data.length).int64(2, INT64).string(8, name).bytes(9, Protobuf.raw(data));
        initializers.add(t);
        return name;
    }

    /** A scalar (0-d) int64 constant. */
    String scalarInt(String hint, long v) {
        String name = fresh(hint);
        initializers.add(new Protobuf().int64(2, INT64).string(8, name).bytes(9, Protobuf.raw(new long[]{v})));
        return name;
    }

    /** A scalar float constant. */
    String scalar(String hint, float v) {
        String name = fresh(hint);
        initializers.add(new Protobuf().int64(2, FLOAT).string(8, name).bytes(9, Protobuf.raw(new float[]{v})));
        return name;
    }

    /** A node with one output; attributes as name, value pairs (Integer/Long → int, Float/Double → float, String, long[] → ints). */
    String node(String op, String[] in, Object... attrs) { return nodeOutputs(op, in, new String[]{fresh(op.toLowerCase())}, attrs)[0]; }

    /** A node with the given outputs ("" for an optional output not wanted). */
    String[] nodeOutputs(String op, String[] in, String[] out, Object... attrs) {
        Protobuf n = new Protobuf();
        for (String i : in) n.string(1, i);
        for (String o : out) n.string(2, o);
        n.string(3, fresh(op)).string(4, op);
        for (int a = 0; a < attrs.length; a += 2) n.message(5, attribute((String) attrs[a], attrs[a + 1]));
        nodes.add(n);
        return out;
    }

    private static Protobuf attribute(String name, Object v) {
        Protobuf a = new Protobuf().string(1, name);
        if (v instanceof Integer || v instanceof Long) return a.int64(3, ((Number) v).longValue()).int64(20, 2);
        if (v instanceof Float || v instanceof Double) return a.float32(2, ((Number) v).floatValue()).int64(20, 1);
        if (v instanceof String s) return a.string(4, s).int64(20, 3);
        if (v instanceof long[] l) {
            for (long x : l) a.int64(8, x);
            return a.int64(20, 7);
        }
        throw new IllegalArgumentException("OnnxGraph: attribute " + name + " of unsupported type " + v.getClass());
    }

    /** A graph input; a dimension is an Integer (fixed) or a String (named, dynamic). */
    void input(String name, int elemType, Object... dims) { inputs.add(valueInfo(name, elemType, dims)); }

    void output(String name, int elemType, Object... dims) { outputs.add(valueInfo(name, elemType, dims)); }

    private static Protobuf valueInfo(String name, int elemType, Object... dims) {
        Protobuf shape = new Protobuf();
        for (Object d : dims) shape.message(1, d instanceof String s ? new Protobuf().string(2, s) : new Protobuf().int64(1, ((Number) d).longValue()));
        Protobuf tensor = new Protobuf().int64(1, elemType).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensor));
    }

    /** Renames a value by an Identity node (graph outputs get fixed names). */
    void identity(String from, String to) { nodeOutputs("Identity", new String[]{from}, new String[]{to}); }

    byte[] toBytes(String graphName, String doc) {
        Protobuf g = new Protobuf();
        for (Protobuf n : nodes) g.message(1, n);
        g.string(2, graphName);
        for (Protobuf t : initializers) g.message(5, t);
        g.string(10, doc);
        for (Protobuf i : inputs) g.message(11, i);
        for (Protobuf o : outputs) g.message(12, o);
        return new Protobuf().int64(1, IR_VERSION).string(2, "sequoia").string(3, io.sequoia.io.ModelFolder.SEQUOIA_VERSION)
                .message(7, g).message(8, new Protobuf().string(1, "").int64(2, OPSET)).toByteArray();
    }

    void write(Path file, String graphName, String doc) throws IOException {
        Files.write(file, toBytes(graphName, doc));
    }

    private static long numel(int[] dims) {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }
}
