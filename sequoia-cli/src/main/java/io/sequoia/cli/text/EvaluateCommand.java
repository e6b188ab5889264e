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
 * {@code sequoia evaluate --model DIR --data PATH}: scores a saved model on data, whatever the model
 * is: the folder's {@code "task"} says which lab reads the data and scores it (a classifier: accuracy,
 * macro-F1 and loss on labelled texts; a language model: perplexity and bits per token of a text).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a saved model on data: a text classifier on labelled texts, a language model on a text, ...")
public final class EvaluateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by a 'train' command.") Path model;
    @Mixin DataOptions data = new DataOptions();
    @Option(names = "--split", description = "For IMDB folders: train or test (default: ${DEFAULT-VALUE}).") String split = "test";
    @Option(names = "--json", description = "Print the metrics as one JSON object on the last line.") boolean json;
    @Option(names = "--text", paramLabel = "FILE", hidden = true, description = "Language models: the UTF-8 text to score (the same as --data).") Path text;
    @Mixin io.sequoia.cli.translation.EvaluateTranslator translator = new io.sequoia.cli.translation.EvaluateTranslator();

    @Override public Integer call() throws Exception {
        io.sequoia.cli.Usage.requireWritableFile(spec, "--hyp-out", translator.hypOut, "the translations");
        io.sequoia.cli.Usage.requireWritableFile(spec, "--plot-attention", translator.plot, "the attention plot (PNG)");
        String task = io.sequoia.cli.ModelTasks.task(spec, model);
        switch (task) {
            case io.sequoia.lm.LmFolder.TASK -> {
                Path file = text != null ? text : data.data == null ? null : Path.of(data.data);
                if (file == null || !java.nio.file.Files.isRegularFile(file)) {
                    throw io.sequoia.cli.Usage.error(spec, "--data: a language model is scored on a text file; expected a file, got " + file);
                }
                System.out.println(io.sequoia.cli.lm.EvaluateLmCommand.evaluate(model, file, json));
                return 0;
            }
            case TextClassifier.TASK -> {
                return classifier();
            }
            case io.sequoia.tree.TreeClassifier.TASK -> {
                return io.sequoia.cli.tree.TreeTask.evaluate(model, data.data, json);
            }
            case io.sequoia.tagging.Tagger.TASK -> {
                return io.sequoia.cli.tagging.TaggerEvaluation.run(model, data.data, data.format, json, System.out);
            }
            case io.sequoia.translation.Translator.TASK -> {
                return translator.run(model, json);
            }
            default -> throw io.sequoia.cli.ModelTasks.unsupported(spec, model, task);
        }
    }

    private int classifier() throws Exception {
        TextClassifier clf = TextClassifier.load(model);
        Path p = data.path(spec);
        io.sequoia.cli.Usage.require(spec, split.equals("train") || split.equals("test"), "--split", "train or test", split);
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
            System.out.println(io.sequoia.cli.JsonLine.of(r));
        }
        return 0;
    }
}
