package io.sequoia.nn;

import io.sequoia.autograd.Functional;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.Map;

/**
 * A lookup table, PyTorch's {@code nn.Embedding}: {@code weight} (numEmbeddings, embeddingDim) ~ N(0, 1),
 * the {@code paddingIdx} row zeroed and never updated.
 * <pre>
 * input  (*) integer indices   output (*, E)
 * </pre>
 */
public class Embedding extends Module {
    public static final int NO_PADDING = -1;

    private final int numEmbeddings, embeddingDim, paddingIdx;
    public final Parameter weight;

    public Embedding(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, NO_PADDING); }

    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Init.normal(Math.max(numEmbeddings, 0), Math.max(embeddingDim, 0)));
        if (paddingIdx >= 0) for (int j = 0; j < embeddingDim; j++) weight.data().setDouble(paddingIdx * embeddingDim + j, 0);
    }

    private Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, NDArray w) {
        if (numEmbeddings <= 0) throw Errors.arg("Embedding", "numEmbeddings must be positive", "> 0", numEmbeddings, null);
        if (embeddingDim <= 0) throw Errors.arg("Embedding", "embeddingDim must be positive", "> 0", embeddingDim, null);
        if (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
            throw Errors.arg("Embedding", "paddingIdx must be within numEmbeddings", "in [" + (-numEmbeddings) + ", " + numEmbeddings + ")", paddingIdx, null);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == NO_PADDING ? NO_PADDING : (paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx);
        this.weight = registerParameter("weight", new Parameter(w));
    }

    /** PyTorch's {@code Embedding.from_pretrained(embeddings, freeze)}: a copy of the (V, E) matrix. */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) { return fromPretrained(embeddings, freeze, NO_PADDING); }

    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, int paddingIdx) {
        if (embeddings.dim() != 2) {
            throw Errors.shape("Embedding.fromPretrained", "embeddings must be 2-D (V, E)", 2, embeddings.dim(), "shape " + embeddings.shapeString());
        }
        Embedding e = new Embedding(embeddings.size(0), embeddings.size(1), paddingIdx, embeddings.data().copy());
        e.weight.requiresGrad(!freeze);
        return e;
    }

    @Override public Tensor forward(Tensor input) { return Functional.embedding(input, weight, paddingIdx); }

    public int numEmbeddings() { return numEmbeddings; }
    public int embeddingDim() { return embeddingDim; }
    public int paddingIdx() { return paddingIdx; }

    /** Rebuilds a Embedding from its {@link #config()} (see {@link io.sequoia.nn.ModuleRegistry}). */
    public static Embedding fromConfig(Map<String, Object> config) {
        Config c = Config.of("Embedding", config);
        return new Embedding(c.integer("num_embeddings"), c.integer("embedding_dim"), c.integer("padding_idx", NO_PADDING));
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_embeddings", numEmbeddings);
        c.put("embedding_dim", embeddingDim);
        c.put("padding_idx", paddingIdx == NO_PADDING ? null : paddingIdx);
        return c;
    }
}
