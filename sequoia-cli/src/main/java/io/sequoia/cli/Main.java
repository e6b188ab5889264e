package io.sequoia.cli;

import io.sequoia.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sequoia} command. Exit codes: 0 success, 1 failure while running, 2 bad usage. */
@Command(name = "sequoia", mixinStandardHelpOptions = true, version = "sequoia 0.1.0",
        description = "Neural sequence processing on the JVM.",
        subcommands = {DemoCommand.class, BenchCommand.class, io.sequoia.cli.lab.LabCommand.class,
                io.sequoia.cli.lm.GenerateCommand.class, io.sequoia.cli.lm.AttentionMapCommand.class,
                io.sequoia.cli.text.TrainCommand.class, io.sequoia.cli.text.EvaluateCommand.class, io.sequoia.cli.text.PredictCommand.class, io.sequoia.cli.text.DatasetsCommand.class,
                io.sequoia.cli.text.Word2VecCommand.class, io.sequoia.cli.forecast.ForecastCommand.class,
                io.sequoia.cli.tagging.TagCommand.class, io.sequoia.cli.serve.ServeCommand.class, io.sequoia.cli.export.ExportCommand.class,
                io.sequoia.cli.translation.TranslateCommand.class, io.sequoia.cli.translation.BleuCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);   // --model BiLSTM, --pool max
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            if (System.getenv("SEQUOIA_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
