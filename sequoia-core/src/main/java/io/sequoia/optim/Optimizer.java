package io.sequoia.optim;

import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The base of every optimizer: the parameters it updates, the learning rate, and per-parameter
 * state (PyTorch's {@code optimizer.state[p]}): a step count and named buffers such as
 * {@code exp_avg}, created on the parameter's first gradient with its shape and dtype and then
 * reused, so a step allocates nothing after the first.
 *
 * <p>{@link #step()} skips a parameter whose gradient is null, as PyTorch does; its state and step
 * count do not advance. Arithmetic is done per element in double and stored in the parameter's
 * dtype (float32 buffers for float32 parameters). Parameter groups are not supported: one lr for all.
 *
 * <p>{@link #stateDict()} holds {@code "lr"} and, for each parameter index {@code i} that has state,
 * {@code "i.step"} and {@code "i.<buffer>"} under PyTorch's buffer names, so training can resume.
 */
public abstract class Optimizer {
    /** Key of the learning rate in {@link #stateDict()}. */
    public static final String LR_KEY = "lr";
    /** Name of the per-parameter step count in {@link #stateDict()}. */
    public static final String STEP_KEY = "step";

    private final String where;
    private final List<Parameter> params;
    private final Set<String> stateNames;
    private final State[] states;
    private double lr;

    /**
     * @param stateNames the buffer names this optimizer may create (PyTorch's), checked on load
     */
    protected Optimizer(List<Parameter> params, double lr, String... stateNames) {
        this.where = getClass().getSimpleName();
        if (params == null) throw Errors.arg(where, "params must not be null", "a list of parameters", null, null);
        if (params.isEmpty()) {
            throw Errors.arg(where, "params must not be empty", "at least one parameter", "an empty list", null);
        }
        Map<Parameter, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p == null) throw Errors.arg(where, "params must not contain null", "a parameter", null, "index " + i);
            Integer first = seen.put(p, i);
            if (first != null) {
                throw Errors.arg(where, "params must not contain a parameter twice", "distinct parameters",
                        "the same parameter at indices " + first + " and " + i, null);
            }
        }
        this.params = List.copyOf(params);
        this.stateNames = Set.of(stateNames);
        this.states = new State[params.size()];
        this.lr = Check.nonNegative(where, "lr", lr);
    }

    /** Updates every parameter that has a gradient, in place. */
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray g = p.gradBuffer();
            if (g == null) continue;
            if (g.numel() != p.numel()) {
                throw Errors.shape(where + ".step", "gradient must have the parameter's shape", p.shapeString(),
                        Arrays.toString(g.shape()), "parameter " + i);
            }
            if (states[i] == null) states[i] = new State(p.data());
            states[i].step++;
            update(p.data(), g, states[i]);
        }
    }

    /**
     * Applies one update to {@code param} in place from {@code grad} (same number of elements).
     * {@code state.step()} has already been incremented (1 on the first call). {@code grad} is the
     * parameter's gradient buffer ({@code Tensor.gradBuffer()}): copy it to keep it past {@code zeroGrad()}.
     */
    protected abstract void update(NDArray param, NDArray grad, State state);

    /** Clears every parameter's gradient (PyTorch's default {@code set_to_none=True}). */
    public void zeroGrad() {
        for (Parameter p : params) p.zeroGrad();
    }

    public double lr() { return lr; }

    /** Sets the learning rate (schedulers call this); must be {@code >= 0}. */
    public void setLr(double lr) { this.lr = Check.nonNegative(where + ".setLr", "lr", lr); }

    /** The parameters, in the order given at construction. */
    public List<Parameter> params() { return params; }

    /** A copy of the learning rate, step counts and buffers; see the class comment for the keys. */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(LR_KEY, NDArray.scalar(DType.FLOAT64, lr));
        for (int i = 0; i < states.length; i++) {
            State s = states[i];
            if (s == null) continue;
            out.put(i + "." + STEP_KEY, NDArray.scalar(DType.FLOAT64, s.step));
            for (Map.Entry<String, NDArray> e : s.buffers.entrySet()) out.put(i + "." + e.getKey(), e.getValue().copy());
        }
        return out;
    }

    /**
     * Replaces the learning rate and all state with {@code state} (from {@link #stateDict()} of an
     * optimizer of the same kind over parameters of the same shapes). Checks everything first.
     */
    public void loadStateDict(Map<String, NDArray> state) {
        String at = where + ".loadStateDict";
        NDArray lrValue = state.get(LR_KEY);
        if (lrValue == null) throw Errors.arg(at, "state must hold the key \"lr\"", LR_KEY, state.keySet(), null);
        double newLr = Check.nonNegative(at, "lr", lrValue.item());
        State[] loaded = new State[states.length];
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals(LR_KEY)) continue;
            int dot = key.indexOf('.');
            int i = dot > 0 ? parseIndex(key.substring(0, dot)) : -1;
            String name = dot > 0 ? key.substring(dot + 1) : "";
            if (i < 0 || i >= states.length || !(name.equals(STEP_KEY) || stateNames.contains(name))) {
                throw Errors.arg(at, "unknown key", "\"lr\" or \"<index>.<name>\" with index in [0, " + states.length
                        + ") and name one of " + STEP_KEY + ", " + String.join(", ", stateNames), key, null);
            }
            Parameter p = params.get(i);
            if (loaded[i] == null) loaded[i] = new State(p.data());
            NDArray v = e.getValue();
            if (name.equals(STEP_KEY)) {
                double step = v.item();
                if (!(step >= 0) || step != Math.rint(step)) {
                    throw Errors.arg(at, "step must be a whole number >= 0", "a whole number >= 0", step, "key " + key);
                }
                loaded[i].step = (long) step;
            } else {
                if (!Arrays.equals(v.shape(), p.shape())) {
                    throw Errors.shape(at, "buffer shape must equal the parameter's shape", p.shapeString(),
                            Arrays.toString(v.shape()), "key " + key);
                }
                loaded[i].buffers.put(name, v.to(p.dtype()).copy());
            }
        }
        for (int i = 0; i < loaded.length; i++) {
            if (loaded[i] != null && loaded[i].step == 0 && !loaded[i].buffers.isEmpty()) {
                throw Errors.arg(at, "buffers need a step count", i + "." + STEP_KEY, "no such key", null);
            }
        }
        System.arraycopy(loaded, 0, states, 0, states.length);
        lr = newLr;
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code grad[i] + weightDecay * param[i]}: PyTorch's coupled (L2) weight decay. */
    protected static double decayedGrad(NDArray grad, NDArray param, int i, double weightDecay) {
        double g = grad.getDouble(i);
        return weightDecay == 0 ? g : g + weightDecay * param.getDouble(i);
    }

    /** One parameter's state: its step count and named buffers, each shaped like the parameter. */
    protected static final class State {
        private final int[] shape;
        private final DType dtype;
        private final Map<String, NDArray> buffers = new LinkedHashMap<>();
        private long step;

        State(NDArray like) {
            this.shape = like.shape();
            this.dtype = like.dtype();
        }

        /** Number of updates this parameter has received, including the current one. */
        public long step() { return step; }

        /** Whether buffer {@code name} exists yet. */
        public boolean has(String name) { return buffers.containsKey(name); }

        /** Buffer {@code name}, created filled with {@code initial} on first use. */
        public NDArray buffer(String name, double initial) {
            NDArray b = buffers.get(name);
            if (b == null) {
                b = NDArray.full(dtype, initial, shape);
                buffers.put(name, b);
            }
            return b;
        }
    }
}
