package io.sequoia.export;

import io.sequoia.nn.Parameter;

import java.util.Map;

/**
 * PyTorch-layout recurrent weights as ONNX {@code LSTM} / {@code GRU} nodes. PyTorch orders the
 * gates (i, f, g, o) for LSTM and (r, z, n) for GRU; ONNX wants (i, o, f, c) and (z, r, h), with
 * {@code linear_before_reset = 1} for PyTorch's GRU. The bias is ONNX's [Wb; Rb].
 */
final class RecurrentOps {
    private RecurrentOps() {}

    private static final int[] LSTM_GATES = {0, 3, 1, 2}, GRU_GATES = {1, 0, 2};

    /** One direction's weights: PyTorch's weight_ih (G·H, in), weight_hh (G·H, H), bias_ih, bias_hh (or null). */
    record Direction(float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        static Direction of(Map<String, Parameter> p, String suffix) {
            Parameter bi = p.get("bias_ih" + suffix), bh = p.get("bias_hh" + suffix);
            if (p.get("weight_ih" + suffix) == null) throw new ExportException("recurrent layer: no weight_ih" + suffix + " among " + p.keySet()
                    + (p.isEmpty() ? " (the folder was saved before the network's first forward pass)" : ""));
            return new Direction(p.get("weight_ih" + suffix).data().toFloatArray(), p.get("weight_hh" + suffix).data().toFloatArray(),
                    bi == null ? null : bi.data().toFloatArray(), bh == null ? null : bh.data().toFloatArray());
        }
    }

    /**
     * x (T, N, in) → {Y (T, N, D·H), Y_h (D, N, H)}; {@code lens} an int32 (N) value or "" for full length.
     */
    static String[] run(OnnxGraph g, String name, boolean lstm, int hidden, int in, Direction[] dirs, String x, String lens) {
        return run(g, name, lstm, hidden, in, dirs, x, lens, "", "");
    }

    /**
     * As {@link #run(OnnxGraph, String, boolean, int, int, Direction[], String, String)} from initial
     * states {@code initH} / {@code initC} (D, N, H) ("" for zeros); returns {Y (T, N, D·H), Y_h, Y_c}
     * (Y_c only for an LSTM).
     */
    static String[] run(OnnxGraph g, String name, boolean lstm, int hidden, int in, Direction[] dirs, String x, String lens, String initH, String initC) {
        int gates = lstm ? 4 : 3, d = dirs.length;
        int[] perm = lstm ? LSTM_GATES : GRU_GATES;
        float[] w = new float[d * gates * hidden * in], r = new float[d * gates * hidden * hidden], b = new float[d * 2 * gates * hidden];
        for (int k = 0; k < d; k++) {
            Direction dir = dirs[k];
            reorder(dir.wIh, w, k * gates * hidden * in, perm, hidden, in);
            reorder(dir.wHh, r, k * gates * hidden * hidden, perm, hidden, hidden);
            if (dir.bIh != null) reorder(dir.bIh, b, k * 2 * gates * hidden, perm, hidden, 1);
            if (dir.bHh != null) reorder(dir.bHh, b, k * 2 * gates * hidden + gates * hidden, perm, hidden, 1);
        }
        String W = g.weight(name + ".W", w, d, gates * hidden, in), R = g.weight(name + ".R", r, d, gates * hidden, hidden),
                B = g.weight(name + ".B", b, d, 2 * gates * hidden);
        String y = g.fresh(name + ".Y"), yh = g.fresh(name + ".Y_h"), yc = lstm ? g.fresh(name + ".Y_c") : "";
        String direction = d == 2 ? "bidirectional" : "forward";
        boolean init = !initH.isEmpty() || !initC.isEmpty();
        if (lstm) g.nodeOutputs("LSTM", init ? new String[]{x, W, R, B, lens, initH, initC} : new String[]{x, W, R, B, lens}, new String[]{y, yh, yc},
                "hidden_size", hidden, "direction", direction);
        else g.nodeOutputs("GRU", init ? new String[]{x, W, R, B, lens, initH} : new String[]{x, W, R, B, lens}, new String[]{y, yh},
                "hidden_size", hidden, "direction", direction, "linear_before_reset", 1);
        String t = g.node("Transpose", new String[]{y}, "perm", new long[]{0, 2, 1, 3});                   // (T, N, D, H)
        String seq = g.node("Reshape", new String[]{t, g.ints("shape", 0, 0, -1)});                          // (T, N, D·H)
        return new String[]{seq, yh, yc};
    }

    private static void reorder(float[] src, float[] dst, int offset, int[] perm, int hidden, int cols) {
        int block = hidden * cols;
        for (int gate = 0; gate < perm.length; gate++) System.arraycopy(src, perm[gate] * block, dst, offset + gate * block, block);
    }
}
