package io.sequoia.autograd;

import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Anomaly detection, as {@code torch.autograd.set_detect_anomaly(True)}: every primitive's outputs
 * (forward) and every gradient a backward returns are checked for NaN and ±Infinity, and the first
 * non-finite one stops the run with an {@link AnomalyException} naming the primitive, its input and
 * output shapes, the weights among its inputs (by their module path, once {@link #nameTensors} is
 * called — {@code Model.fit} does) and the code that called it (the module's forward). Off by
 * default; on with {@code -Dsequoia.detectAnomaly=true} (e.g. {@code SEQUOIA_JAVA_OPTS}) or
 * {@link #enable}. When off it costs one boolean test per primitive.
 */
public final class Anomaly {
    private Anomaly() {}

    /** The system property that turns detection on for the whole run. */
    public static final String PROPERTY = "sequoia.detectAnomaly";

    private static boolean enabled = Boolean.getBoolean(PROPERTY);
    private static Map<Tensor, String> names = new IdentityHashMap<>();

    public static boolean enabled() { return enabled; }

    /** Turns detection on or off (for the whole JVM; set it before training, not while ops run on other threads). */
    public static void enable(boolean on) { enabled = on; }

    /** Names of tensors (a module's parameters by path) used in the messages; replaces earlier names. */
    public static void nameTensors(Map<String, ? extends Tensor> named) {
        Map<Tensor, String> m = new IdentityHashMap<>();
        named.forEach((k, t) -> m.put(t, k));
        names = m;
    }

    /** A non-finite value found by anomaly detection. */
    public static final class AnomalyException extends ArithmeticException {
        AnomalyException(String message) { super(message); }
    }

    /** Forward: called by {@link Autograd#record} when enabled. */
    static void checkForward(String op, NDArray[] outs, Tensor[] inputs) {
        for (int i = 0; i < outs.length; i++) {
            int bad = firstNonFinite(outs[i]);
            if (bad < 0) continue;
            StringBuilder sb = new StringBuilder("anomaly detected in forward: '").append(op).append("' produced ")
                    .append(outs[i].getDouble(bad)).append(" in output ").append(i).append(' ').append(Shapes.str(outs[i].shape()))
                    .append(" (first at flat index ").append(bad).append(")");
            sb.append(describeInputs(inputs));
            sb.append("; called from ").append(caller());
            throw new AnomalyException(sb.toString());
        }
    }

    /** Backward: called by {@link Autograd#backward} for each gradient a node returns, when enabled. */
    static void checkBackward(Node node, NDArray[] gradOutputs, NDArray[] gradInputs) {
        for (int i = 0; i < gradInputs.length; i++) {
            if (gradInputs[i] == null) continue;
            int bad = firstNonFinite(gradInputs[i]);
            if (bad < 0) continue;
            boolean finiteIn = true;
            for (NDArray g : gradOutputs) finiteIn &= g == null || firstNonFinite(g) < 0;
            Tensor in = node.inputs[i];
            String name = in == null ? null : names.get(in);
            throw new AnomalyException("anomaly detected in backward: the backward of '" + node.op + "' returned " + gradInputs[i].getDouble(bad)
                    + " in the gradient of input " + i + " " + Shapes.str(gradInputs[i].shape()) + (name == null ? "" : " (weight '" + name + "')")
                    + " from " + (finiteIn ? "finite" : "non-finite") + " output gradients" + describeInputs(node.inputs)
                    + "; the forward '" + node.op + "' was called from " + (node.origin == null ? "(not recorded)" : node.origin));
        }
    }

    private static String describeInputs(Tensor[] inputs) {
        StringBuilder sb = new StringBuilder("; inputs: ");
        for (int j = 0; j < inputs.length; j++) {
            Tensor t = inputs[j];
            if (j > 0) sb.append(", ");
            if (t == null) { sb.append("none"); continue; }
            sb.append(Shapes.str(t.shape()));
            String name = names.get(t);
            if (name != null) sb.append(" weight '").append(name).append("'");
            if (firstNonFinite(t.data()) >= 0) sb.append(" (already non-finite)");
        }
        return sb.toString();
    }

    private static int firstNonFinite(NDArray a) {
        if (a.allFinite()) return -1;
        for (int i = 0, n = a.numel(); i < n; i++) if (!Double.isFinite(a.getDouble(i))) return i;
        return -1;
    }

    /** The first three frames outside the autograd and tensor packages: the layer's forward and its callers. */
    static String caller() {
        return StackWalker.getInstance().walk(s -> s
                .filter(f -> !f.getClassName().startsWith("io.sequoia.autograd.") && !f.getClassName().startsWith("io.sequoia.tensor."))
                .limit(3).map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .reduce((a, b) -> a + " < " + b).orElse("(unknown)"));
    }
}
