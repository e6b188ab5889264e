package io.sequoia.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.Locale;

/**
 * Estimate before allocating (issue 17, "Resource limits"): a command computes from its options (and,
 * once known, the vocabulary) a lower bound of the bytes its largest allocations need, and a bound
 * above the Java heap ({@link Runtime#maxMemory()}) is refused before any work, exit 2, naming the
 * options, their values and the limit, instead of an {@code OutOfMemoryError} minutes later.
 * The bounds count only what certainly exists (weights, their gradients and Adam's two moments,
 * one batch's largest activations), so a refusal is never wrong; a run just under the bound can still
 * run out of memory (then {@code Main} prints a sentence, not a stack trace).
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** Bytes per trained parameter: the weight, its gradient and Adam's two moments, 4 floats. */
    public static final double BYTES_PER_TRAINED_PARAMETER = 16;

    /** The heap this JVM may use (-Xmx; SEQUOIA_JAVA_OPTS in the launcher). */
    public static long heap() { return Runtime.getRuntime().maxMemory(); }

    /** "1.5 GB", "320 MB", "12 KB": a size for a sentence, in units of 1024 (as -Xmx counts). */
    public static String size(double bytes) {
        double k = 1024, m = k * k, g = m * k, t = g * k;
        if (bytes >= 1024 * t) return String.format(Locale.ROOT, "%.3g PB", bytes / (1024 * t));
        if (bytes >= t) return String.format(Locale.ROOT, "%.1f TB", bytes / t);
        if (bytes >= g) return String.format(Locale.ROOT, "%.1f GB", bytes / g);
        if (bytes >= m) return String.format(Locale.ROOT, "%.0f MB", bytes / m);
        return String.format(Locale.ROOT, "%.0f KB", bytes / k);
    }

    /**
     * Refuses (exit 2) when {@code bytes} (a lower bound of what {@code what} needs) exceed the heap:
     * {@code "<command>: --hidden, --layers: <what> need at least 26 GB, more than the Java heap of 8.6 GB; expected smaller values, got 20000, 2"}.
     */
    public static void require(CommandSpec spec, String options, String values, String what, double bytes) {
        long heap = heap();
        if (bytes > heap || Double.isNaN(bytes)) {
            throw Usage.error(spec, options + ": " + what + " need at least " + size(bytes) + ", more than the Java heap of " + size(heap)
                    + "; expected smaller values, got " + values + " (Hint: choose smaller values, or give Java more memory: SEQUOIA_JAVA_OPTS=-Xmx16g)");
        }
    }

    /** Bytes per trained parameter with an optimizer of one state tensor (SGD with momentum, Adagrad): weight, gradient, state. */
    public static final double BYTES_PER_PARAMETER_ONE_STATE = 12;

    /**
     * Refuses (exit 2) a model of {@code params} trained parameters (a lower bound) whose weights, gradients and optimizer
     * state ({@code bytesPerParameter} each; {@code note} says what is counted) exceed the heap.
     */
    public static void requireParameters(CommandSpec spec, String options, String values, double params, double bytesPerParameter, String note) {
        require(spec, options, values, String.format(Locale.ROOT, "the model's %,.0f parameters (%s)", params, note), params * bytesPerParameter);
    }

    /**
     * Refuses (exit 2) a batch of {@code count} {@code unit} (tokens, tree nodes) holding at least {@code floatsPerItem} floats
     * each ({@code note} says which) whose size exceeds the heap.
     */
    public static void requireBatch(CommandSpec spec, String options, String values, double count, String unit, double floatsPerItem, String note) {
        require(spec, options, values, String.format(Locale.ROOT, "one batch of %,.0f %s (%s)", count, unit, note), 4.0 * count * floatsPerItem);
    }

    /**
     * The tokens of the largest batch, at least: {@code total} tokens of {@code items} sentences (or trees) cut into batches of
     * {@code batchSize} hold on average total / batches, so the largest holds at least that (one batch when batchSize >= items).
     */
    public static double largestBatch(long total, int items, int batchSize) {
        double batches = Math.ceil((double) Math.max(1, items) / Math.max(1, batchSize));
        return Math.ceil(total / batches);
    }

    /** How a bound counted the vocabulary: "counting a vocabulary of only 2" before the data is read, else "vocabulary N". */
    public static String vocabularyNote(int vocab) { return vocab <= 2 ? "counting a vocabulary of only 2" : "vocabulary " + vocab; }

    /** "with gradients and Adam's moments" or, for a one-state optimizer, "with gradients and the optimizer's state". */
    public static String optimizerNote(double bytesPerParameter) {
        return bytesPerParameter >= BYTES_PER_TRAINED_PARAMETER ? "with gradients and Adam's moments" : "with gradients and the optimizer's state";
    }

    /**
     * Parameters of a recurrent stack (PyTorch's layout: two bias vectors per gate block): {@code gates} 4 for
     * LSTM, 3 for GRU; {@code directions} 2 for a bidirectional stack.
     */
    public static double recurrentParameters(int gates, int directions, double input, double hidden, int layers) {
        double first = (double) directions * gates * hidden * (input + hidden + 2);
        double next = (double) directions * gates * hidden * (directions * hidden + hidden + 2);
        return first + Math.max(0, layers - 1) * next;
    }
}
