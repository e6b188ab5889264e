package io.sequoia.cli.translation;

import io.sequoia.io.AtomicFiles;
import io.sequoia.translation.Translator;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Draws a source–target attention matrix as a PNG: target pieces down the left, source pieces across the top. */
final class AlignmentPlot {
    private AlignmentPlot() {}

    static void write(Path file, Translator.Alignment a) throws IOException {
        int cell = 22, left = 140, top = 130, t = a.weights().length, s = a.sourcePieces().size();
        int w = left + s * cell + 20, h = top + t * cell + 20;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < s; j++) {
                int v = (int) Math.round(255 * (1 - Math.min(1, Math.max(0, a.weights()[i][j]))));
                g.setColor(new Color(v, v, v));
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
            }
            g.setColor(Color.BLACK);
            g.drawString(a.targetPieces().get(i), 4, top + i * cell + cell - 6);
        }
        AffineTransform base = g.getTransform();
        for (int j = 0; j < s; j++) {
            g.setTransform(base);
            g.translate(left + j * cell + cell - 6, top - 4);
            g.rotate(-Math.PI / 2);
            g.drawString(a.sourcePieces().get(j), 0, 0);
        }
        g.setTransform(base);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, s * cell, t * cell);
        g.dispose();
        AtomicFiles.write(file, os -> ImageIO.write(img, "png", os));
    }
}
