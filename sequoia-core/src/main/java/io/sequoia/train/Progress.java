package io.sequoia.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training progress: a terminal progress bar per epoch (batch, loss, metrics, ETA) from the
 * progressbar library, or plain log lines when output is not a terminal (CI, pipes, files).
 */
final class Progress implements AutoCloseable {
    private final int verbose;
    private final boolean terminal;
    private final PrintStream out;
    private ProgressBar bar;
    private long epochStart;

    Progress(int verbose, PrintStream out) {
        this.verbose = verbose;
        this.out = out;
        this.terminal = System.console() != null && !"true".equals(System.getenv("CI"));
    }

    void epochBegin(int epoch, int epochs, int batches) {
        epochStart = System.nanoTime();
        if (verbose == 1 && terminal) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .continuousUpdate().setMaxRenderedLength(120).build();
        }
    }

    void batchEnd(Map<String, Double> logs) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(format(logs));
        }
    }

    void epochEnd(int epoch, int epochs, Map<String, Double> logs) {
        if (bar != null) { bar.close(); bar = null; }
        if (verbose == 0) return;
        double secs = (System.nanoTime() - epochStart) / 1e9;
        out.printf(Locale.ROOT, "Epoch %d/%d - %.1fs - %s%n", epoch + 1, epochs, secs, format(logs));
    }

    static String format(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(sb.length() > 0 ? " - " : "").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    @Override public void close() { if (bar != null) bar.close(); }
}
