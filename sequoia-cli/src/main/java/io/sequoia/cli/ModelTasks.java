package io.sequoia.cli;

import io.sequoia.io.ModelFolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Path;

/** What a model folder holds ({@code config.json}'s "task"), for the commands that open any model. */
public final class ModelTasks {
    private ModelTasks() {}

    /** The folder's task; a path that is not a model folder is bad usage (exit 2). */
    public static String task(CommandSpec spec, Path dir) {
        try {
            String t = ModelFolder.task(dir);
            return t == null ? ModelFolder.TASK_KEY + " missing" : t;
        } catch (IOException e) {
            throw Usage.error(spec, "--model: " + e.getMessage());
        }
    }

    /** The error for a model this command cannot use. */
    public static ParameterException unsupported(CommandSpec spec, Path dir, String task) {
        return Usage.error(spec, "--model " + dir + " holds a model of task '" + task + "', which this command does not take");
    }
}
