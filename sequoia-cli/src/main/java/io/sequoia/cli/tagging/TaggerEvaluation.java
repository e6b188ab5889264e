package io.sequoia.cli.tagging;

import io.sequoia.data.conll.ColumnReader;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.tagging.ConllEval;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tagger branch of {@code sequoia evaluate --model DIR --data FILE}: the conlleval table, token accuracy, JSON. */
public final class TaggerEvaluation {
    private TaggerEvaluation() {}

    /**
     * Scores the tagger in {@code model} on {@code data}; {@code format} (may be null) overrides the
     * format the model was trained with. Prints the table, and the metrics as JSON last when asked.
     */
    public static int run(Path model, String data, String format, boolean json, PrintStream o) throws IOException {
        if (data == null) throw new IllegalArgumentException("Missing required option: '--data=FILE' (a tagged column file)");
        Tagger tagger = Tagger.load(model);
        ColumnOptions c = new ColumnOptions();
        c.format = format;
        Path file = Path.of(data);
        ColumnReader reader = c.reader(file, true, tagger.reading());
        List<TaggedSentence> gold = reader.read(file);
        long t0 = System.nanoTime();
        ConllEval e = tagger.evaluate(gold, TaggerTrainer.EVAL_BATCH);
        double secs = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "%s on %s (%s): %d sentences, %d tokens, %.0f tokens/s%n", model, file, reader.format().cliName(), gold.size(),
                e.tokens(), e.tokens() / secs);
        o.print(table(tagger, e));
        if (json) o.println(io.sequoia.cli.JsonLine.of(metrics(tagger, e)));
        return 0;
    }

    /** conlleval's report for chunk tags, else token accuracy and the per-tag table. */
    static String table(Tagger tagger, ConllEval e) {
        if (tagger.chunkTags()) return e.report();
        return String.format(Locale.ROOT, "token accuracy: %.2f%% (%d of %d)%n", 100 * e.accuracy(), e.correctTags(), e.tokens()) + e.tagReport();
    }

    /** f1, precision, recall (entity level; chunk tags only) and accuracy (token level), as fractions. */
    static Map<String, Object> metrics(Tagger tagger, ConllEval e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (tagger.chunkTags()) {
            m.put("f1", e.overall().f1());
            m.put("precision", e.overall().precision());
            m.put("recall", e.overall().recall());
        }
        m.put("accuracy", e.accuracy());
        m.put("tokens", e.tokens());
        return m;
    }
}
