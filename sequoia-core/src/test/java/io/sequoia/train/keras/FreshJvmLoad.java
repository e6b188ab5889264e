package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.train.Model;

import java.nio.file.Path;

/** Run in a fresh JVM by {@link SaveLoadAndLabTest}: loads a model folder and prints its predictions, one per line. */
public final class FreshJvmLoad {
    private FreshJvmLoad() {}

    public static void main(String[] args) throws Exception {
        Model m = Model.load(Path.of(args[0]));
        Tensor p = m.predict(SaveLoadAndLabTest.IDS, 4);
        for (float v : p.toFloatArray()) System.out.println(v);
    }
}
