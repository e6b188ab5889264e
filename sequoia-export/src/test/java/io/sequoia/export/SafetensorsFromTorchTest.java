package io.sequoia.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.io.Safetensors;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reverse hand-over: a PyTorch state_dict saved as safetensors (what
 * {@code safetensors.torch.save_file(model.state_dict(), path)} writes) loads strictly into the
 * matching Sequoia module and gives libtorch's outputs. The state dicts and outputs are the
 * libtorch-written fixtures (../shared/fixtures/torch); the test writes their weights to a
 * safetensors file and reads that file back.
 */
class SafetensorsFromTorchTest {
    @TempDir Path tmp;

    static NDArray array(JsonObject t) {
        JsonArray s = t.getAsJsonArray("shape"), d = t.getAsJsonArray("data");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsInt();
        float[] f = new float[d.size()];
        for (int i = 0; i < f.length; i++) f[i] = d.get(i).getAsFloat();
        return NDArray.wrap(f, shape);
    }

    @Test void torchStateDictsInSafetensorsLoadIntoSequoiaModules() throws Exception {
        Path dir = Path.of(System.getProperty("sequoia.fixtures", "../shared/fixtures/torch"));
        Assumptions.assumeTrue(Files.isDirectory(dir), "no torch fixtures at " + dir);
        int checked = 0;
        for (String name : List.of("lstm_1layer", "gru_1layer", "gru_bidir_2layer", "lstm_bidir_2layer_batch_first")) {
            Path f = dir.resolve(name + ".json");
            if (!Files.exists(f)) continue;
            JsonObject c = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
            JsonObject cfg = c.getAsJsonObject("config");
            int in = cfg.get("input_size").getAsInt(), hid = cfg.get("hidden_size").getAsInt(), layers = cfg.get("num_layers").getAsInt();
            boolean bias = cfg.get("bias").getAsBoolean(), bf = cfg.get("batch_first").getAsBoolean(), bi = cfg.get("bidirectional").getAsBoolean();
            Map<String, NDArray> sd = new LinkedHashMap<>();
            JsonObject w = c.getAsJsonObject("weights");
            for (String k : w.keySet()) sd.put(k, array(w.getAsJsonObject(k)));
            Path file = tmp.resolve(name + ".safetensors");
            Safetensors.write(file, sd);
            RNNBase m = c.get("kind").getAsString().equals("gru") ? new GRU(in, hid, layers, bias, bf, 0.0, bi) : new LSTM(in, hid, layers, bias, bf, 0.0, bi);
            m.loadStateDict(Safetensors.read(file).tensors(), true);
            m.eval();
            Tensor out;
            JsonObject inputs = c.getAsJsonObject("inputs");
            Tensor x = new Tensor(array(inputs.getAsJsonObject("input"))), h0 = new Tensor(array(inputs.getAsJsonObject("h_0")));
            try (var ng = GradMode.noGrad()) {
                out = m instanceof LSTM l ? l.forward(x, h0, new Tensor(array(inputs.getAsJsonObject("c_0"))), null).output()
                        : ((GRU) m).forward(x, h0, null).output();
            }
            float[] want = array(c.getAsJsonObject("outputs").getAsJsonObject("output")).toFloatArray(), got = out.toFloatArray();
            assertEquals(want.length, got.length, name);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5, name + " [" + i + "]");
            checked++;
        }
        Assumptions.assumeTrue(checked > 0, "none of the fixtures found");
    }
}
