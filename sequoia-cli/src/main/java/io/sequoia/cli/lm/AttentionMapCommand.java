package io.sequoia.cli.lm;

import io.sequoia.io.AtomicFiles;
import io.sequoia.lm.LmFolder;
import io.sequoia.lm.TransformerLanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sequoia attention-map}: a PNG heat map of one sentence's attention weights, one panel per
 * head of the chosen layer (query rows, key columns, darker = more weight), drawn with Java2D.
 */
@Command(name = "attention-map", mixinStandardHelpOptions = true,
        description = "Draw the attention weights of a Transformer language model on a text, one panel per head (PNG).")
public final class AttentionMapCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model folder of a `train lm --model transformer`.") Path model;
    @Option(names = "--text", required = true, description = "The sentence to look at.") String text;
    @Option(names = "--layer", description = "Layer to draw, 0-based (default: the last).") Integer layer;
    @Option(names = "--out", required = true, description = "PNG file to write.") Path out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws IOException {
        io.sequoia.cli.Usage.requireWritableFile(spec, "--out", out, "the attention map (PNG)");
        String task = io.sequoia.cli.ModelTasks.task(spec, model);
        if (!task.equals(LmFolder.TASK)) throw io.sequoia.cli.ModelTasks.unsupported(spec, model, task);
        LmFolder.Loaded l = LmFolder.load(model);
        if (!(l.model() instanceof TransformerLanguageModel t)) {
            throw io.sequoia.cli.Usage.error(spec, "--model: the model has no attention; expected a transformer language model, got "
                    + l.model().getClass().getSimpleName() + " (" + model + ")");
        }
        int[] ids;
        try {
            ids = l.codec().encode(text);
        } catch (IllegalArgumentException e) {
            throw io.sequoia.cli.Usage.error(spec, "--text: " + e.getMessage());
        }
        io.sequoia.cli.Usage.require(spec, ids.length >= 2 && ids.length <= t.contextLength(), "--text", "2 to " + t.contextLength() + " tokens", ids.length);
        double[][][][] maps = t.attentionMaps(ids);
        int k = layer == null ? maps.length - 1 : layer;
        io.sequoia.cli.Usage.require(spec, k >= 0 && k < maps.length, "--layer", "0.." + (maps.length - 1), k);
        String[] labels = new String[ids.length];
        for (int i = 0; i < ids.length; i++) labels[i] = l.codec().token(ids[i]).replace("\n", "\\n").replace(" ", "␣");
        BufferedImage img = draw(maps[k], labels, "layer " + k);
        AtomicFiles.write(out, os -> ImageIO.write(img, "png", os));
        System.out.println("wrote " + out + " (" + maps[k].length + " heads, " + ids.length + " tokens, layer " + k + ")");
        return 0;
    }

    /** Panels side by side: each head's (L, L) weights as grey levels, token labels on both axes. */
    static BufferedImage draw(double[][][] heads, String[] labels, String title) {
        int n = labels.length, cell = Math.max(8, Math.min(24, 480 / n)), margin = 60, gap = 30, top = 50;
        int panel = n * cell;
        int w = margin + heads.length * (panel + gap), h = top + panel + margin;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Attention weights, " + title + " (rows: queries, columns: keys)", margin, 20);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, Math.max(8, cell - 4)));
        for (int hd = 0; hd < heads.length; hd++) {
            int x0 = margin + hd * (panel + gap);
            g.setColor(Color.BLACK);
            g.drawString("head " + hd, x0, top - 8);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int v = (int) Math.round(255 * (1 - Math.min(1, Math.max(0, heads[hd][i][j]))));
                    g.setColor(new Color(v, v, 255));
                    g.fillRect(x0 + j * cell, top + i * cell, cell, cell);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x0, top, panel, panel);
            for (int i = 0; i < n; i++) {
                if (hd == 0) g.drawString(labels[i], x0 - margin + 4, top + i * cell + cell - 2);
                g.drawString(labels[i], x0 + i * cell + 1, top + panel + cell);
            }
        }
        g.dispose();
        return img;
    }
}
