package io.sequoia.cli.text;

import io.sequoia.text.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia predict --model DIR INPUT...}: a saved model's predictions; the folder's "task" says
 * what an input is (a text for a classifier: the label and its probability).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict with a saved model: classify texts with a text classifier, ...")
public final class PredictCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by 'train classifier'.") Path model;
    @Option(names = "--json", description = "Print the predictions as one JSON array on the last line.") boolean json;
    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to classify.") List<String> texts;

    @Option(names = "--plot", paramLabel = "FILE", description = "Tree models: draw each tree with every node coloured by its predicted sentiment (PNG).") Path plot;

    @Override public Integer call() throws Exception {
        io.sequoia.cli.Usage.requireWritableFile(spec, "--plot", plot, "the plot (PNG)");
        String task = io.sequoia.cli.ModelTasks.task(spec, model);
        if (task.equals(io.sequoia.tree.TreeClassifier.TASK)) return io.sequoia.cli.tree.TreeTask.predict(model, texts, json, plot);
        if (!task.equals(TextClassifier.TASK)) throw io.sequoia.cli.ModelTasks.unsupported(spec, model, task);
        return classify();
    }

    private int classify() throws Exception {
        TextClassifier clf = TextClassifier.load(model);
        List<TextClassifier.Prediction> ps = clf.predict(texts);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            TextClassifier.Prediction p = ps.get(i);
            System.out.printf(Locale.ROOT, "%-8s %.4f  %s%n", p.label(), p.probability(), texts.get(i));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("text", texts.get(i));
            r.put("label", p.label());
            r.put("probability", p.probability());
            rows.add(r);
        }
        if (json) System.out.println(io.sequoia.cli.JsonLine.of(rows));
        return 0;
    }
}
