package io.sequoia.nn;

import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every layer, as PyTorch's {@code nn.Module}: named parameters, buffers and children
 * under PyTorch's dotted keys, train/eval mode, and strict state-dict loading.
 * Modules that map one tensor to one tensor override {@link #forward(Tensor)}.
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** One tensor in, one tensor out. Modules with other signatures document their own forward. */
    public Tensor forward(Tensor input) {
        throw Errors.state(getClass().getSimpleName() + ".forward", "this module does not map one tensor to one tensor",
                "call its own forward method");
    }

    /** Registers a parameter under {@code name}; a null parameter (e.g. no bias) is not registered. */
    protected Parameter registerParameter(String name, Parameter p) {
        checkName(name);
        if (p != null) params.put(name, p);
        else params.remove(name);
        return p;
    }

    protected Tensor registerBuffer(String name, Tensor t) {
        checkName(name);
        buffers.put(name, t);
        return t;
    }

    protected <M extends Module> M registerModule(String name, M m) {
        checkName(name);
        children.put(name, m);
        return m;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw Errors.arg("Module.register", "names must be non-empty and contain no '.'", "a name like 'weight'", name, null);
        }
    }

    /** This module's own parameter registered under {@code name} (no children), or null. */
    protected Parameter localParameter(String name) { return params.get(name); }

    /** Direct children in registration order. */
    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    /** All parameters with PyTorch's dotted keys ("0.weight", "layers.1.norm1.bias"). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    public List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Total number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    private void collect(String prefix, Map<String, Parameter> ps, Map<String, Tensor> bs) {
        if (ps != null) params.forEach((k, v) -> ps.put(prefix + k, v));
        if (bs != null) buffers.forEach((k, v) -> bs.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", ps, bs));
    }

    /** Parameters and buffers under their dotted keys (the tensors themselves, not copies). */
    public Map<String, Tensor> stateTensors() {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        Map<String, Tensor> bs = new LinkedHashMap<>();
        collect("", ps, bs);
        Map<String, Tensor> out = new LinkedHashMap<>(ps);
        out.putAll(bs);
        return out;
    }

    /** A copy of every parameter and buffer's values under PyTorch's keys. */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        stateTensors().forEach((k, t) -> out.put(k, t.data().copy()));
        return out;
    }

    /**
     * Loads values; with {@code strict}, keys must match exactly. Shapes must always match; values of
     * another dtype are converted (as PyTorch's {@code load_state_dict} copies).
     */
    public void loadStateDict(Map<String, NDArray> state, boolean strict) {
        List<String> problems = stateDictProblems(state, strict, false);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: state dict does not match the module; "
                    + String.join("; ", problems));
        }
        Map<String, Tensor> mine = stateTensors();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            Tensor t = mine.get(e.getKey());
            if (t != null) t.data().copyFrom(e.getValue());
        }
    }

    /**
     * What differs between this module's state and {@code state}: "missing keys [...]",
     * "unexpected keys [...]" (only when strict), "shape mismatch [k: expected [4, 3], got [4, 2]]"
     * and, when asked, "dtype mismatch [...]". Empty when they fit.
     */
    public List<String> stateDictProblems(Map<String, NDArray> state, boolean strict, boolean checkDtype) {
        Map<String, Tensor> mine = stateTensors();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), shapes = new ArrayList<>(), dtypes = new ArrayList<>();
        for (String k : mine.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            Tensor t = mine.get(e.getKey());
            NDArray a = e.getValue();
            if (t == null) unexpected.add(e.getKey());
            else if (!Arrays.equals(t.shape(), a.shape())) {
                shapes.add(e.getKey() + ": expected " + Shapes.str(t.shape()) + ", got " + Shapes.str(a.shape()));
            } else if (checkDtype && t.dtype() != a.dtype()) {
                dtypes.add(e.getKey() + ": expected " + t.dtype().safetensorsName() + ", got " + a.dtype().safetensorsName());
            }
        }
        List<String> out = new ArrayList<>();
        if (strict && !missing.isEmpty()) out.add("missing keys " + missing);
        if (strict && !unexpected.isEmpty()) out.add("unexpected keys " + unexpected);
        if (!shapes.isEmpty()) out.add("shape mismatch " + shapes);
        if (!dtypes.isEmpty()) out.add("dtype mismatch " + dtypes);
        return out;
    }

    public Module train(boolean on) {
        training = on;
        children.values().forEach(m -> m.train(on));
        return this;
    }

    public Module train() { return train(true); }
    public Module eval() { return train(false); }
    public boolean isTraining() { return training; }

    public void zeroGrad() { parameters().forEach(Tensor::zeroGrad); }

    /** Converts every parameter and buffer to {@code t} in place (float64 for gradient checks). */
    public Module to(DType t) {
        params.values().forEach(p -> p.convert(t));
        buffers.replaceAll((k, b) -> b.dtype() == t ? b : new Tensor(b.data().to(t)));
        children.values().forEach(m -> m.to(t));
        return this;
    }

    /** Constructor arguments under PyTorch's names (snake_case), for {@code config.json}. */
    public Map<String, Object> config() { return new LinkedHashMap<>(); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        Map<String, Object> c = config();
        sb.append(c.isEmpty() ? "" : c.toString());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((k, m) -> sb.append("  (").append(k).append("): ").append(m.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
