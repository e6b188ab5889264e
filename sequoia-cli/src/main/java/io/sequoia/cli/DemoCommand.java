package io.sequoia.cli;

import picocli.CommandLine.Command;

/** Placeholder for the demo job. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Train a small model and print its learning curve.")
public final class DemoCommand implements Runnable {
    @Override public void run() {
        throw new UnsupportedOperationException("demo not written yet");
    }
}
