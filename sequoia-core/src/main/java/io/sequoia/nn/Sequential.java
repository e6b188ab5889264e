package io.sequoia.nn;

import io.sequoia.autograd.Tensor;

/** PyTorch's {@code nn.Sequential}: children named "0", "1", ... applied in order. */
public class Sequential extends Module {
    private int count;

    public Sequential(Module... modules) { for (Module m : modules) add(m); }

    public Sequential add(Module m) {
        registerModule(Integer.toString(count++), m);
        return this;
    }

    public Module get(int i) { return namedChildren().get(Integer.toString(i)); }

    public int size() { return count; }

    @Override public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) x = m.forward(x);
        return x;
    }
}
