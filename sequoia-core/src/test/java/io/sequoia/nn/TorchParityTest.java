package io.sequoia.nn;

import com.google.gson.JsonObject;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.loss.BCEWithLogitsLoss;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.LstmOutput;
import io.sequoia.nn.recurrent.RNN;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.nn.recurrent.RnnOutput;
import io.sequoia.tensor.NDArray;
import io.sequoia.nn.loss.CrossEntropyLoss;
import io.sequoia.nn.loss.Loss;
import io.sequoia.nn.loss.MSELoss;
import io.sequoia.nn.loss.Reduction;
import io.sequoia.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every case in the libtorch fixture folder, in float32 (within 1e-5) and float64 (within 1e-10).
 * Kinds a later issue implements are reported as skipped (aborted), never silently passed.
 * Run alone: {@code mvn -q -pl sequoia-core test -Dtest=TorchParityTest -Dsequoia.fixtures=DIR}.
 */
class TorchParityTest {
    static final double TOL32 = 1e-5, TOL64 = 1e-10;

    @TestFactory
    List<DynamicTest> everyFixture() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : Fixtures.cases()) {
            JsonObject c = Fixtures.read(p);
            String name = c.get("case").getAsString(), kind = c.get("kind").getAsString();
            tests.add(DynamicTest.dynamicTest(name + " float32", () -> run(c, kind, DType.FLOAT32)));
            if (c.has("float64")) tests.add(DynamicTest.dynamicTest(name + " float64", () -> run(c, kind, DType.FLOAT64)));
        }
        return tests;
    }

    private static void run(JsonObject c, String kind, DType dtype) {
        if (kind.equals("loss")) { runLoss(c, dtype); return; }
        if (kind.equals("rnn") || kind.equals("lstm") || kind.equals("gru")) { runRecurrent(c, kind, dtype, false); return; }
        Assumptions.abort("kind '" + kind + "' is not implemented yet");
    }

    /** The expected outputs, loss value and grads for the dtype (top level for float32, "float64" section otherwise). */
    private static JsonObject expected(JsonObject c, DType dtype) {
        return dtype == DType.FLOAT32 ? c : c.getAsJsonObject("float64");
    }

    /** Builds the recurrent module a case describes, with the case's weights loaded. */
    static RNNBase recurrent(JsonObject c, String kind, DType dtype) {
        JsonObject cfg = c.getAsJsonObject("config");
        int in = cfg.get("input_size").getAsInt(), hid = cfg.get("hidden_size").getAsInt(), layers = cfg.get("num_layers").getAsInt();
        boolean bias = cfg.get("bias").getAsBoolean(), bf = cfg.get("batch_first").getAsBoolean(), bi = cfg.get("bidirectional").getAsBoolean();
        double dropout = cfg.get("dropout").getAsDouble();
        RNNBase m;
        switch (kind) {
            case "rnn": m = new RNN(in, hid, layers, cfg.get("nonlinearity").getAsString(), bias, bf, dropout, bi); break;
            case "gru": m = new GRU(in, hid, layers, bias, bf, dropout, bi); break;
            default: m = new LSTM(in, hid, layers, bias, bf, dropout, bi, cfg.has("proj_size") ? cfg.get("proj_size").getAsInt() : 0);
        }
        m.to(dtype);
        Map<String, NDArray> sd = new LinkedHashMap<>();
        JsonObject w = c.getAsJsonObject("weights");
        for (String k : w.keySet()) sd.put(k, Fixtures.array(w.getAsJsonObject(k), dtype));
        m.loadStateDict(sd, true);
        return m;
    }

    /** L = Σ_outputs sum(output ⊙ G_output); compares outputs, final states and every gradient. */
    static void runRecurrent(JsonObject c, String kind, DType dtype, boolean composed) {
        String name = c.get("case").getAsString() + (composed ? " (composed)" : "");
        RNNBase m = recurrent(c, kind, dtype).useComposed(composed);
        JsonObject in = c.getAsJsonObject("inputs"), cfg = c.getAsJsonObject("config");
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        Tensor x = Fixtures.tensor(in.getAsJsonObject("input"), dtype).requiresGrad(true);
        Tensor h0 = Fixtures.tensor(in.getAsJsonObject("h_0"), dtype).requiresGrad(true);
        Tensor c0 = in.has("c_0") ? Fixtures.tensor(in.getAsJsonObject("c_0"), dtype).requiresGrad(true) : null;
        leaves.put("input", x);
        leaves.put("h_0", h0);
        if (c0 != null) leaves.put("c_0", c0);
        leaves.putAll(m.namedParameters());
        int[] lengths = null;
        if (cfg.has("packed") && cfg.get("packed").getAsBoolean()) {
            var arr = cfg.getAsJsonArray("lengths");
            lengths = new int[arr.size()];
            for (int i = 0; i < lengths.length; i++) lengths[i] = arr.get(i).getAsInt();
        }
        Map<String, Tensor> outs = new LinkedHashMap<>();
        if (m instanceof LSTM lstm) {
            LstmOutput o = lstm.forward(x, h0, c0, lengths);
            outs.put("output", o.output()); outs.put("h_n", o.hN()); outs.put("c_n", o.cN());
        } else {
            RnnOutput o = m instanceof RNN r ? r.forward(x, h0, lengths) : ((GRU) m).forward(x, h0, lengths);
            outs.put("output", o.output()); outs.put("h_n", o.hN());
        }
        Tensor loss = null;
        JsonObject lt = c.getAsJsonObject("loss_tensors");
        for (Map.Entry<String, Tensor> e : outs.entrySet()) {
            Tensor term = e.getValue().mul(Fixtures.tensor(lt.getAsJsonObject("G_" + e.getKey()), dtype)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        double tol = dtype == DType.FLOAT32 ? TOL32 : TOL64;
        JsonObject exp = expected(c, dtype);
        for (Map.Entry<String, Tensor> e : outs.entrySet()) {
            Fixtures.assertClose(name + " " + e.getKey(), Fixtures.array(exp.getAsJsonObject("outputs").getAsJsonObject(e.getKey()), dtype),
                    e.getValue().data(), tol);
        }
        JsonObject grads = exp.getAsJsonObject("grads");
        for (String g : grads.keySet()) {
            Tensor leaf = leaves.get(g);
            if (leaf == null) throw new AssertionError(name + ": no leaf for grad " + g);
            Fixtures.assertClose(name + " grad " + g, Fixtures.array(grads.getAsJsonObject(g), dtype), leaf.gradData(), tol);
        }
    }

    private static void runLoss(JsonObject c, DType dtype) {
        JsonObject cfg = c.getAsJsonObject("config"), in = c.getAsJsonObject("inputs");
        String name = c.get("case").getAsString();
        Reduction red = Reduction.of(cfg.get("reduction").getAsString());
        Tensor input = Fixtures.tensor(in.getAsJsonObject("input"), dtype).requiresGrad(true);
        Tensor target = Fixtures.tensor(in.getAsJsonObject("target"), dtype);
        boolean targetGrad = expected(c, dtype).getAsJsonObject("grads").has("target");
        if (targetGrad) target.requiresGrad(true);
        Loss loss;
        switch (cfg.get("loss").getAsString()) {
            case "cross_entropy": {
                Tensor w = in.has("weight") ? Fixtures.tensor(in.getAsJsonObject("weight"), dtype) : null;
                loss = new CrossEntropyLoss(w, cfg.get("ignore_index").getAsInt(), red, cfg.get("label_smoothing").getAsDouble());
                break;
            }
            case "binary_cross_entropy_with_logits": {
                Tensor w = in.has("weight") ? Fixtures.tensor(in.getAsJsonObject("weight"), dtype) : null;
                Tensor pw = in.has("pos_weight") ? Fixtures.tensor(in.getAsJsonObject("pos_weight"), dtype) : null;
                loss = new BCEWithLogitsLoss(w, red, pw);
                break;
            }
            case "mse": loss = new MSELoss(red); break;
            default: Assumptions.abort("loss '" + cfg.get("loss").getAsString() + "' is not implemented yet"); return;
        }
        Tensor out = loss.forward(input, target);
        out.backward();
        double tol = dtype == DType.FLOAT32 ? TOL32 : TOL64;
        JsonObject exp = expected(c, dtype);
        Fixtures.assertClose(name + " loss", Fixtures.array(exp.getAsJsonObject("outputs").getAsJsonObject("loss"), dtype), out.data(), tol);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        byName.put("input", input);
        byName.put("target", target);
        for (String g : exp.getAsJsonObject("grads").keySet()) {
            Fixtures.assertClose(name + " grad " + g, Fixtures.array(exp.getAsJsonObject("grads").getAsJsonObject(g), dtype),
                    byName.get(g).gradData(), tol);
        }
    }
}
