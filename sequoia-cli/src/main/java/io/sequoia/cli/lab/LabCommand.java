package io.sequoia.cli.lab;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sequoia lab ...}: the course's runnable lessons. */
@Command(name = "lab", mixinStandardHelpOptions = true, description = "Runnable lessons of the course.",
        subcommands = {AddingLab.class})
public final class LabCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing lab name (e.g. adding)");
    }
}
