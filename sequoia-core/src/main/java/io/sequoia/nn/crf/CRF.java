package io.sequoia.nn.crf;

import io.sequoia.autograd.Autograd;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Init;
import io.sequoia.nn.Module;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear-chain conditional random field, with the API and parameter names of pytorch-crf's
 * {@code CRF(num_tags, batch_first)}: {@code start_transitions} (T), {@code end_transitions} (T)
 * and {@code transitions} (T, T) ({@code transitions[i][j]} scores tag i followed by tag j), all
 * U(−0.1, 0.1). The score of a path y over emissions e is
 * {@code start[y₀] + Σ e[t][y_t] + Σ trans[y_{t−1}][y_t] + end[y_last]}.
 * <pre>
 * emissions (L, N, T), or (N, L, T) with batchFirst
 * tags      (L, N) or (N, L): integer tag indices (ignored where mask is 0)
 * mask      (L, N) or (N, L), or null for all steps: 1 = a real step, 0 = padding; each sequence's
 *           real steps come first and the first step of every sequence is real (as pytorch-crf)
 * forward   → log-likelihood: () for reduction sum/mean/token_mean, (N) for none
 * decode    → the best path of each sequence, as many tags as its real steps
 * </pre>
 * With {@link #constraints} set, forbidden moves (e.g. B-PER → I-LOC in BIOES) score −∞: the
 * log-partition sums over allowed paths only, Viterbi never returns a forbidden path, and those
 * transition entries get zero gradient.
 * The forward algorithm runs in log space, batched in one fused node ({@link CrfKernel}: one shift
 * per step, T exponentials per step instead of T²); its backward is the forward-backward marginals.
 * Its composed twin ({@link #logLikelihoodComposed}) is built from primitives.
 */
public class CRF extends Module {
    public static final boolean DEFAULT_BATCH_FIRST = false;
    public static final double INIT_RANGE = 0.1;
    public static final List<String> REDUCTIONS = List.of("sum", "mean", "token_mean", "none");

    private final int numTags;
    private final boolean batchFirst;
    private TransitionConstraints constraints;
    public final Parameter startTransitions, endTransitions, transitions;

    public CRF(int numTags) { this(numTags, DEFAULT_BATCH_FIRST); }

    public CRF(int numTags, boolean batchFirst) {
        if (numTags <= 0) throw Errors.arg("CRF", "numTags must be positive", "> 0", numTags, null);
        this.numTags = numTags;
        this.batchFirst = batchFirst;
        startTransitions = registerParameter("start_transitions", new Parameter(Init.uniform(INIT_RANGE, numTags)));
        endTransitions = registerParameter("end_transitions", new Parameter(Init.uniform(INIT_RANGE, numTags)));
        transitions = registerParameter("transitions", new Parameter(Init.uniform(INIT_RANGE, numTags, numTags)));
    }

    /** Rebuilds a CRF from {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static CRF fromConfig(Map<String, Object> config) {
        Object n = config.get("num_tags");
        if (!(n instanceof Number num)) throw Errors.arg("CRF.fromConfig", "num_tags must be a number", "a number", n, null);
        CRF crf = new CRF(num.intValue(), Boolean.TRUE.equals(config.get("batch_first")));
        Object c = config.get("constraints");
        if (c instanceof Map<?, ?> m) {
            crf.constraints(TransitionConstraints.forScheme((String) m.get("scheme"), (List<String>) m.get("labels")));
        }
        return crf;
    }

    /** Forbids the moves {@code c} forbids (null: none); returns this. */
    public CRF constraints(TransitionConstraints c) {
        if (c != null && c.numTags() != numTags) {
            throw Errors.arg("CRF.constraints", "constraints must be for numTags tags", numTags, c.numTags(), null);
        }
        constraints = c;
        return this;
    }

    public TransitionConstraints constraints() { return constraints; }
    public int numTags() { return numTags; }
    public boolean batchFirst() { return batchFirst; }

    /** The summed log-likelihood of the tag sequences (reduction "sum"). */
    public Tensor forward(Tensor emissions, Tensor tags, Tensor mask) { return forward(emissions, tags, mask, "sum"); }

    /**
     * The log-likelihood of {@code tags} given {@code emissions}: {@code score(tags) − log Z}.
     * @param reduction sum (over the batch), mean (over the batch), token_mean (sum / real steps) or none (N)
     */
    public Tensor forward(Tensor emissions, Tensor tags, Tensor mask, String reduction) {
        String where = "CRF.forward";
        if (!REDUCTIONS.contains(reduction)) throw Errors.arg(where, "unknown reduction", REDUCTIONS, reduction, null);
        Batch b = batch(where, emissions, tags, mask);
        Tensor llh = CrfKernel.logLikelihood(b, emissions, startTransitions, endTransitions, transitions, constraints);
        return reduce(llh, reduction, b);
    }

    /** As {@link #forward(Tensor, Tensor, Tensor, String)} through primitives only (the reference twin). */
    public Tensor logLikelihoodComposed(Tensor emissions, Tensor tags, Tensor mask, String reduction) {
        String where = "CRF.forward";
        if (!REDUCTIONS.contains(reduction)) throw Errors.arg(where, "unknown reduction", REDUCTIONS, reduction, null);
        Batch b = batch(where, emissions, tags, mask);
        Tensor llh = ComposedCrf.logLikelihood(b, emissions, startTransitions, endTransitions, transitions, constraints);
        return reduce(llh, reduction, b);
    }

    private static Tensor reduce(Tensor llh, String reduction, Batch b) {
        return switch (reduction) {
            case "none" -> llh;
            case "sum" -> llh.sum();
            case "mean" -> llh.mean();
            default -> {
                long tokens = 0;
                for (int len : b.lengths()) tokens += len;
                yield llh.sum().div(tokens);
            }
        };
    }

    /** The highest-scoring tag path of each sequence (Viterbi); a sequence's path has its real length. */
    public List<int[]> decode(Tensor emissions, Tensor mask) {
        Batch b = batch("CRF.decode", emissions, null, mask);
        int[][] paths = CrfKernel.viterbi(b, emissions.data(), startTransitions.data(), endTransitions.data(),
                transitions.data(), constraints);
        List<int[]> out = new ArrayList<>(paths.length);
        for (int[] p : paths) out.add(p);
        return out;
    }

    /** The log-partition log Z of each sequence (N), float64 values; for tests and diagnostics. */
    public double[] logPartition(Tensor emissions, Tensor mask) {
        Batch b = batch("CRF.logPartition", emissions, null, mask);
        return CrfKernel.logPartition(b, emissions.data(), startTransitions.data(), endTransitions.data(),
                transitions.data(), constraints);
    }

    /**
     * Shapes and masks checked once: the sequence length L, batch N, each sequence's real length,
     * the tags as ints (null when none), and the (t, n) → flat offset layout of the emissions.
     */
    record Batch(int steps, int batch, int numTags, boolean batchFirst, int[] lengths, int[][] tags) {
        /** Flat index of emissions[t][n][0] (or [n][t][0]). */
        int offset(int t, int n) { return (batchFirst ? n * steps + t : t * batch + n) * numTags; }
    }

    private Batch batch(String where, Tensor emissions, Tensor tags, Tensor mask) {
        if (emissions.dim() != 3) {
            throw Errors.shape(where, "emissions must be 3-D", batchFirst ? "(N, L, T)" : "(L, N, T)", emissions.dim() + "-D",
                    "shape " + emissions.shapeString());
        }
        if (emissions.size(2) != numTags) {
            throw Errors.shape(where, "emissions.size(2) must equal numTags", numTags, emissions.size(2), "shape " + emissions.shapeString());
        }
        int steps = emissions.size(batchFirst ? 1 : 0), n = emissions.size(batchFirst ? 0 : 1);
        int[] want = batchFirst ? new int[]{n, steps} : new int[]{steps, n};
        if (steps == 0) throw Errors.shape(where, "emissions need at least one step", ">= 1", 0, "shape " + emissions.shapeString());
        int[] lengths = new int[n];
        java.util.Arrays.fill(lengths, steps);
        if (mask != null) {
            if (!java.util.Arrays.equals(mask.shape(), want)) {
                throw Errors.shape(where, "mask must have the emissions' first two dimensions", Shapes.str(want), mask.shapeString(), null);
            }
            NDArray m = mask.data();
            for (int i = 0; i < n; i++) {
                int len = 0;
                for (int t = 0; t < steps; t++) {
                    boolean on = m.getDouble(batchFirst ? i * steps + t : t * n + i) != 0;
                    if (on && len != t) {
                        throw Errors.arg(where, "mask must be real steps then padding", "no real step after a padded one",
                                "a real step at " + t + " after padding at " + len, "sequence " + i);
                    }
                    if (on) len++;
                }
                if (len == 0) throw Errors.arg(where, "the mask of the first timestep must all be on", "1", 0, "sequence " + i);
                lengths[i] = len;
            }
        }
        int[][] tg = null;
        if (tags != null) {
            if (!java.util.Arrays.equals(tags.shape(), want)) {
                throw Errors.shape(where, "tags must have the emissions' first two dimensions", Shapes.str(want), tags.shapeString(), null);
            }
            tg = new int[n][];
            NDArray td = tags.data();
            for (int i = 0; i < n; i++) {
                tg[i] = new int[lengths[i]];
                for (int t = 0; t < lengths[i]; t++) {
                    double v = td.getDouble(batchFirst ? i * steps + t : t * n + i);
                    if (v != Math.rint(v) || v < 0 || v >= numTags) {
                        throw Errors.arg(where, "tags must be integers in [0, numTags)", "[0, " + numTags + ")", v,
                                "sequence " + i + ", step " + t);
                    }
                    tg[i][t] = (int) v;
                }
            }
        }
        return new Batch(steps, n, numTags, batchFirst, lengths, tg);
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_tags", numTags);
        c.put("batch_first", batchFirst);
        if (constraints != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("scheme", constraints.scheme());
            k.put("labels", constraints.labels());
            c.put("constraints", k);
        }
        return c;
    }

    /** Used by the kernel's {@link Autograd#record} call. */
    static String opName() { return "crf_log_likelihood"; }
}
