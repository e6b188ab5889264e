package io.sequoia.nn;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Activation functions as modules: {@code Activation.of("relu")} or the named factories
 * ({@link #relu()}, {@link #tanh()}, ...). Keys are the lower-case PyTorch/Keras names.
 */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> fn;

    private Activation(String name, UnaryOperator<Tensor> fn) {
        this.name = name;
        this.fn = fn;
    }

    public static Activation relu() { return of("relu"); }
    public static Activation tanh() { return of("tanh"); }
    public static Activation sigmoid() { return of("sigmoid"); }
    public static Activation gelu() { return of("gelu"); }
    public static Activation identity() { return of("linear"); }

    /** By name: relu, tanh, sigmoid, gelu, softplus, softmax, log_softmax, linear (identity). */
    public static Activation of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "relu": return new Activation(n, Tensor::relu);
            case "tanh": return new Activation(n, Tensor::tanh);
            case "sigmoid": return new Activation(n, Tensor::sigmoid);
            case "gelu": return new Activation(n, Tensor::gelu);
            case "softplus": return new Activation(n, Tensor::softplus);
            case "softmax": return new Activation(n, x -> x.softmax(-1));
            case "log_softmax": return new Activation(n, x -> x.logSoftmax(-1));
            case "linear": case "identity": case "none": return new Activation("linear", x -> x);
            default:
                throw Errors.arg("Activation.of", "unknown activation", "one of relu, tanh, sigmoid, gelu, softplus, softmax, log_softmax, linear", name, null);
        }
    }

    public String name() { return name; }

    @Override public Tensor forward(Tensor input) { return fn.apply(input); }

    /** Rebuilds a Activation from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Activation fromConfig(Map<String, Object> config) {
        Config c = Config.of("Activation", config);
        return of(c.string("name"));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("name", name);
        return c;
    }
}
