package io.sequoia.cli;

import io.sequoia.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/** The {@code sequoia} command. Exit codes: 0 success, 1 failure while running, 2 bad usage. */
@Command(name = "sequoia", mixinStandardHelpOptions = true, version = "sequoia 0.1.0",
        description = "Neural sequence processing on the JVM.")
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, BenchCommand.class, io.sequoia.cli.lab.LabCommand.class,
            io.sequoia.cli.lm.GenerateCommand.class, io.sequoia.cli.lm.AttentionMapCommand.class,
            io.sequoia.cli.text.TrainCommand.class, io.sequoia.cli.text.EvaluateCommand.class, io.sequoia.cli.text.PredictCommand.class, io.sequoia.cli.text.DatasetsCommand.class,
            io.sequoia.cli.text.Word2VecCommand.class, io.sequoia.cli.forecast.ForecastCommand.class,
            io.sequoia.cli.tagging.TagCommand.class, io.sequoia.cli.serve.ServeCommand.class, io.sequoia.cli.export.ExportCommand.class,
            io.sequoia.cli.translation.TranslateCommand.class, io.sequoia.cli.translation.BleuCommand.class);

    /** The {@code sequoia} command with every subcommand. */
    public static CommandLine commandLine() { return commandLine(SUBCOMMANDS); }

    /**
     * The command for {@code args}: when the first argument names a subcommand, only that one is built (picocli reads
     * every option of every command it builds by reflection: about half a second of CPU for all sixteen at start-up);
     * otherwise (help, a mistyped name) all of them, so that the usage message lists them.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                if (c.getAnnotation(Command.class).name().equals(args[0])) return commandLine(List.of(c));
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : subcommands) cl.addSubcommand(c);   // as the annotation's subcommands: picocli's default factory creates it
        cl.setCaseInsensitiveEnumValuesAllowed(true);   // --model BiLSTM, --pool max
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("error: " + message(ex));
            if (System.getenv("SEQUOIA_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }

    /** The user's sentence for a failure: the exception's message, or its kind when it has none (never "null"). */
    static String message(Throwable ex) {
        if (ex instanceof java.io.UncheckedIOException u && u.getCause() != null && u.getMessage() != null && u.getMessage().equals(u.getCause().toString())) ex = u.getCause();
        if (ex instanceof java.nio.file.FileSystemException f && f.getFile() != null) return fileSentence(f);
        String m = ex.getMessage();
        if (m != null && !m.isBlank()) return m;
        return "unexpected " + ex.getClass().getSimpleName() + " (a bug: please report the command line; SEQUOIA_DEBUG=1 prints the stack trace)";
    }

    /** A file-system failure as a sentence naming the file (the JDK's message is the bare path for a missing file). */
    private static String fileSentence(java.nio.file.FileSystemException f) {
        String file = f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
        if (f instanceof java.nio.file.NoSuchFileException) return file + ": no such file or folder";
        if (f instanceof java.nio.file.AccessDeniedException) return file + ": permission denied";
        if (f instanceof java.nio.file.NotDirectoryException) return file + ": not a folder";
        if (f instanceof java.nio.file.FileAlreadyExistsException) return file + ": already exists";
        if (f instanceof java.nio.file.DirectoryNotEmptyException) return file + ": the folder is not empty";
        return file + ": " + (f.getReason() == null ? "cannot be read or written" : f.getReason());
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {        // an Error passes picocli's handler: the user gets a sentence, not a stack trace
            System.err.println("error: out of memory (Java heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): the model, the batch or the data "
                    + "do not fit; lower --batch-size, --hidden or the data size, or give Java more memory (SEQUOIA_JAVA_OPTS=-Xmx16g)");
            code = 1;
        }
        System.exit(code);
    }
}
