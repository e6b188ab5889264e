package io.sequoia.cli.text;

import io.sequoia.data.LabeledTexts;
import io.sequoia.text.ClassificationMetrics;
import io.sequoia.text.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequoia evaluate --model DIR --data PATH}: accuracy, macro-F1 and loss of a saved classifier;
 * {@code sequoia evaluate --model DIR --text FILE}: perplexity and bits per token of a text under a
 * saved language model.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a saved text classifier on labelled data (--data), or a language model on a text (--text).")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by 'train classifier'.") Path model;
    @Mixin DataOptions data = new DataOptions();
    @Option(names = "--split", description = "For IMDB folders: train or test (default: ${DEFAULT-VALUE}).") String split = "test";
    @Option(names = "--json", description = "Print the metrics as one JSON object on the last line.") boolean json;
    @Option(names = "--text", paramLabel = "FILE", description = "Language models: the UTF-8 text to score.") Path text;

    @Override public Integer call() throws Exception {
        if (text != null) {
            System.out.println(io.sequoia.cli.lm.EvaluateLmCommand.evaluate(model, text, json));
            return 0;
        }
        TextClassifier clf = TextClassifier.load(model);
        Path p = data.path();
        LabeledTexts d = data.read(p, split);
        ClassificationMetrics m = clf.evaluate(d);
        System.out.printf(Locale.ROOT, "%s on %s: accuracy %.4f, macro-F1 %.4f, loss %.4f (%d texts)%n", model, p, m.accuracy(), m.macroF1(), m.loss(), m.n());
        System.out.println("confusion (rows true, columns predicted; " + clf.classes() + "): " + java.util.Arrays.deepToString(m.confusion()));
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("accuracy", m.accuracy());
            r.put("macro_f1", m.macroF1());
            r.put("loss", m.loss());
            r.put("n_test", m.n());
            System.out.println(new com.google.gson.Gson().toJson(r));
        }
        return 0;
    }
}
