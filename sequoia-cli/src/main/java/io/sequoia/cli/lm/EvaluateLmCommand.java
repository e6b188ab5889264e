package io.sequoia.cli.lm;

import io.sequoia.lm.LmFolder;
import io.sequoia.lm.LmTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Perplexity and bits per token of a text under a trained language model. */
@Command(name = "lm", mixinStandardHelpOptions = true, description = "Perplexity of a text under a language model.")
public final class EvaluateLmCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model folder written by `train lm`.") Path model;
    @Option(names = "--text", required = true, description = "UTF-8 text file.") Path text;
    @Option(names = "--json", description = "One JSON object.") boolean json;

    @Override public Integer call() throws IOException {
        System.out.println(evaluate(model, text, json));
        return 0;
    }

    /** The report line (or JSON object) for {@code text} under the model in {@code model}. */
    public static String evaluate(Path model, Path text, boolean json) throws IOException {
        LmFolder.Loaded l = LmFolder.load(model);
        int[] ids = l.codec().encode(io.sequoia.data.text.TextFiles.read(text, StandardCharsets.UTF_8));
        double nats = LmTrainer.evaluate(l.model(), ids, 1, 200);
        String unit = l.codec().isWordLevel() ? "word" : "char";
        return json ? jsonLine(nats, ids.length)
                : String.format(Locale.ROOT, "%d %ss: %.4f nats/%s, perplexity %.3f, %.4f bits/%s", ids.length, unit, nats, unit, Math.exp(nats), nats / Math.log(2), unit);
    }

    private static String jsonLine(double nats, int tokens) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("loss", TrainLmCommand.round(nats, 6));
        m.put("ppl", TrainLmCommand.round(Math.exp(nats), 4));
        m.put("bits_per_token", TrainLmCommand.round(nats / Math.log(2), 5));
        m.put("tokens", tokens);
        return io.sequoia.cli.JsonLine.of(m);
    }
}
