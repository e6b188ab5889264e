package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;

import java.util.List;
import java.util.Locale;

/** Optimizers by name, for the Keras-style {@code compile("adam", ...)}. */
public final class Optimizers {
    /** The names {@link #create} accepts (case-insensitive). */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");
    /** SGD's learning rate when none is given; PyTorch has none worth keeping, so Keras's. */
    public static final double KERAS_SGD_LR = 0.01;

    private Optimizers() {}

    /**
     * A new optimizer over {@code params} with its PyTorch defaults.
     *
     * @param name one of {@link #NAMES}, case-insensitive
     * @param lr   the learning rate, or null for the optimizer's default (SGD: {@value #KERAS_SGD_LR})
     */
    public static Optimizer create(String name, List<Parameter> params, Double lr) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "sgd": return new SGD(params, lr == null ? KERAS_SGD_LR : lr);
            case "adam": return new Adam(params, lr == null ? Adam.DEFAULT_LR : lr);
            case "adamw": return new AdamW(params, lr == null ? Adam.DEFAULT_LR : lr);
            case "rmsprop": return new RMSprop(params, lr == null ? RMSprop.DEFAULT_LR : lr);
            case "adagrad": return new Adagrad(params, lr == null ? Adagrad.DEFAULT_LR : lr);
            default:
                throw Errors.arg("Optimizers.create", "unknown optimizer name", "one of " + NAMES,
                        name == null ? null : '"' + name + '"', null);
        }
    }
}
