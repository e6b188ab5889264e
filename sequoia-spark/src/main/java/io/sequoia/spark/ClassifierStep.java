package io.sequoia.spark;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.LabeledTexts;
import io.sequoia.tensor.NDArray;
import io.sequoia.text.TextClassifier;
import io.sequoia.train.StepLoss;
import io.sequoia.train.keras.Masks;

import java.util.List;

/**
 * The step of a text classifier's {@code fit(x, y)} for the batch of rows {@code rows}: the
 * network on those rows' token ids (masks flowing, as the fit loop runs it) and the classifier's
 * loss, a mean over the rows. The same step runs on a shard in {@link DataParallelTrainer} and on
 * the whole data set in one process.
 */
public final class ClassifierStep implements DataParallelTrainer.ShardStep {
    /** A shard of (text, label) rows: the classifier loaded from the shipped folder. */
    static final DataParallelTrainer.ShardTask TASK = (dir, rows) -> new ClassifierStep(TextClassifier.load(dir),
            rows.stream().map(r -> r.getString(0)).toList(), rows.stream().map(r -> r.getString(1)).toList());

    private final TextClassifier classifier;
    private final Tensor x, y;

    /** {@code texts} encoded once with the classifier's vectorizer, {@code labels} as its targets. */
    public ClassifierStep(TextClassifier classifier, List<String> texts, List<String> labels) {
        this.classifier = classifier;
        LabeledTexts d = new LabeledTexts(texts, labels, "shard");
        this.x = classifier.encode(texts);
        this.y = classifier.targets(d);
    }

    @Override public int size() { return x.size(0); }

    @Override public io.sequoia.nn.Module module() { return classifier.model().module(); }

    public TextClassifier classifier() { return classifier; }

    @Override public StepLoss loss(int[] rows) {
        float[] f = new float[rows.length];
        for (int i = 0; i < rows.length; i++) f[i] = rows[i];
        Tensor idx = new Tensor(NDArray.wrap(f, f.length));
        Tensor bx = x.indexSelect(0, idx).detach(), by = y.indexSelect(0, idx).detach();
        Tensor pred = Masks.forward(classifier.model().module(), bx).output();
        if (by.dim() != pred.dim() && by.numel() == pred.numel() && pred.dim() == 2 && pred.size(1) == 1) by = by.reshape(pred.shape());
        return StepLoss.of(classifier.model().loss().forward(pred, by), rows.length);
    }
}
