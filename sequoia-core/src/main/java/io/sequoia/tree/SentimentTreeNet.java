package io.sequoia.tree;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Dropout;
import io.sequoia.nn.Embedding;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.tree.TreeEncoder;
import io.sequoia.tensor.Errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sentiment network of the SST papers: word embeddings at the leaves, a tree cell over the
 * parse ({@link TreeEncoder}), dropout, and a softmax classifier on <b>every</b> node.
 * <pre>
 * batch  B trees, N nodes, N_leaf leaves;   output logits (N, C), rows in each tree's post-order
 * </pre>
 * Keys: {@code embedding.weight} (V, E), {@code encoder.cell.*}, {@code classifier.weight} (C, H),
 * {@code classifier.bias} (C).
 */
public class SentimentTreeNet extends Module {
    public final Embedding embedding;
    public final TreeEncoder encoder;
    public final Dropout dropout;
    public final Linear classifier;
    private final String cell;
    private final int vocabSize, embedDim, hiddenSize, numClasses;
    private final double dropoutP;
    private final boolean paperLeaf;

    public SentimentTreeNet(String cell, int vocabSize, int embedDim, int hiddenSize, int numClasses, double dropout) {
        this(cell, vocabSize, embedDim, hiddenSize, numClasses, dropout, false);
    }

    /** @param paperLeaf the leaf of the paper's code for the rntn and treelstm ({@link TreeEncoder#cell(String, int, int, boolean)}) */
    public SentimentTreeNet(String cell, int vocabSize, int embedDim, int hiddenSize, int numClasses, double dropout, boolean paperLeaf) {
        if (vocabSize < 1) throw Errors.arg("SentimentTreeNet", "vocabSize must be positive", ">= 1", vocabSize, null);
        if (numClasses < 2) throw Errors.arg("SentimentTreeNet", "numClasses must be at least 2", ">= 2", numClasses, null);
        if (!(dropout >= 0 && dropout < 1)) throw Errors.arg("SentimentTreeNet", "dropout must be in [0, 1)", "[0, 1)", dropout, null);
        this.cell = cell;
        this.vocabSize = vocabSize;
        this.embedDim = embedDim;
        this.hiddenSize = hiddenSize;
        this.numClasses = numClasses;
        this.dropoutP = dropout;
        this.paperLeaf = paperLeaf;
        this.embedding = registerModule("embedding", new Embedding(vocabSize, embedDim));
        this.encoder = registerModule("encoder", new TreeEncoder(cell, embedDim, hiddenSize, paperLeaf));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        this.classifier = registerModule("classifier", new Linear(hiddenSize, numClasses));
    }

    public static SentimentTreeNet fromConfig(Map<String, Object> c) {
        io.sequoia.nn.Config k = io.sequoia.nn.Config.of("SentimentTreeNet", c);
        return new SentimentTreeNet(k.string("cell"), k.integer("vocab_size"), k.integer("embed_dim"), k.integer("hidden_size"),
                k.integer("num_classes"), k.real("dropout"), k.bool("paper_leaf", false));
    }

    /** Logits (N, C) for every node of the batch's trees. */
    public Tensor forward(TreeBatch batch) {
        Tensor leaves = embedding.forward(batch.wordIds());                         // (N_leaf, E)
        Tensor states = encoder.forward(batch.trees(), leaves);                      // (N, S)
        return classifier.forward(dropout.forward(encoder.hidden(states)));          // (N, C)
    }

    public String cell() { return cell; }
    public int numClasses() { return numClasses; }
    public int hiddenSize() { return hiddenSize; }
    public int embedDim() { return embedDim; }
    public boolean paperLeaf() { return paperLeaf; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>(super.config());
        c.put("cell", cell);
        c.put("vocab_size", vocabSize);
        c.put("embed_dim", embedDim);
        c.put("hidden_size", hiddenSize);
        c.put("num_classes", numClasses);
        c.put("dropout", dropoutP);
        c.put("paper_leaf", paperLeaf);
        return c;
    }
}
