package io.sequoia.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sequoia-spark}: Sequoia's jobs on Apache Spark, for {@code spark-submit --class
 * io.sequoia.spark.cli.SparkMain sequoia-spark.jar forecast ...} or a local run with Spark on the
 * class path. Exit codes: 0 success, 1 failure while running, 2 bad usage.
 */
@Command(name = "sequoia-spark", mixinStandardHelpOptions = true, version = "sequoia-spark 0.1.0",
        description = "Sequoia on Apache Spark: many-series forecasting, batch scoring of a text column, data-parallel training of a classifier, the global N-BEATS forecaster, a tagger or a translator.",
        subcommands = {ForecastJob.class, ScoreJob.class, TrainClassifierJob.class, TrainNBeatsJob.class, TrainTaggerJob.class, TrainTranslatorJob.class})
public final class SparkMain implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: forecast, score, train-classifier, train-nbeats, train-tagger or train-translator"); }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("error: " + message(ex));
            if (System.getenv("SEQUOIA_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }

    /** The innermost cause's message, first line (a failed Spark task wraps the executor's exception and its trace). */
    static String message(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        SparkOptions.stop();
        System.exit(code);
    }
}
