package io.sequoia.spark.cli;

import io.sequoia.spark.TextScoring;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

/** {@code sequoia-spark score}: a model folder (classifier, tagger, translator) applied to a text column of a CSV. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a text column with a saved model folder: classifier labels and probabilities, tagger tags, or translations.",
                "Example: sequoia-spark score --master local[2] --csv reviews.csv --text-col text --model runs/mr-bilstm --out scored"})
public final class ScoreJob implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SparkOptions spark = new SparkOptions();
    @Option(names = "--csv", required = true, description = "Input CSV with a header row.") Path csv;
    @Option(names = "--text-col", description = "Column holding the texts (default: ${DEFAULT-VALUE}).") String textCol = "text";
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by train classifier, train tagger or train translator.") Path model;
    @Option(names = "--out", required = true, description = "Output folder: Spark's CSV part files, the input columns and the scores (lists joined by spaces).") Path out;

    @Override public Integer call() throws Exception {
        TrainClassifierJob.checkOut(spec, out, false, "Spark's CSV part files");
        if (!Files.isDirectory(model)) throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + ": not a model folder");
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("--csv " + csv + ": no such file");
        SparkSession s = spark.session("sequoia-spark score");
        Dataset<Row> data = s.read().option("header", "true").option("multiLine", "true").option("escape", "\"").csv(csv.toString());
        if (spark.partitions != null) data = data.repartition(spark.partitions);
        if (!Arrays.asList(data.columns()).contains(textCol)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--text-col must name a column of " + csv + "; expected one of " + Arrays.asList(data.columns()) + ", got " + textCol);
        }
        long n = data.count();
        long t0 = System.nanoTime();
        Dataset<Row> scored;
        try {
            scored = TextScoring.score(data, textCol, model);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
        for (String c : List.of("probabilities", "tokens", "tags")) {
            if (Arrays.asList(scored.columns()).contains(c)) scored = scored.withColumn(c, concat_ws(" ", col(c).cast("array<string>")));
        }
        scored.write().mode("overwrite").option("header", "true").option("escape", "\"").csv(out.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d rows scored in %.1f s (%.1f rows/s): %s%n", n, secs, n / secs, out);
        return 0;
    }
}
