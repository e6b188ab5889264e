package io.sequoia.cli.text;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Learning curves (loss and accuracy per epoch, training and validation) drawn to a PNG with XChart. */
public final class LearningCurvePlot {
    private LearningCurvePlot() {}

    /** Writes {@code file} (PNG) with one panel per quantity present in {@code curves} ("loss", "accuracy", "val_loss", ...). */
    public static void write(Path file, String title, Map<String, List<Double>> curves) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart loss = chart(title + ": loss"), acc = chart(title + ": accuracy");
        curves.forEach((name, values) -> {
            if (values.isEmpty()) return;
            double[] x = new double[values.size()], y = new double[values.size()];
            for (int i = 0; i < x.length; i++) { x[i] = i + 1; y[i] = values.get(i); }
            (name.contains("loss") ? loss : acc).addSeries(name, x, y);
        });
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".curves", ".png");
        try {
            BitmapEncoder.saveBitmap(List.of(loss, acc), 1, 2, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            try {   // createTempFile makes it owner-only; a plot is as readable as the model beside it
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static XYChart chart(String title) {
        XYChart c = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle("epoch").build();
        c.getStyler().setMarkerSize(5);
        return c;
    }
}
