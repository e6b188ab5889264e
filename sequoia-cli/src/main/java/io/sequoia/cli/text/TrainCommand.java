package io.sequoia.cli.text;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sequoia train ...}: training commands ({@code classifier}, {@code lm}). */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model.",
        subcommands = {TrainClassifierCommand.class, io.sequoia.cli.lm.TrainLmCommand.class, io.sequoia.cli.tree.TrainTreeCommand.class,
                io.sequoia.cli.tagging.TrainTaggerCommand.class, io.sequoia.cli.translation.TrainTranslatorCommand.class,
                io.sequoia.cli.forecast.TrainForecasterCommand.class})
public final class TrainCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing what to train (e.g. classifier)");
    }
}
