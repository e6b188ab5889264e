package io.sequoia.cli.tree;

import io.sequoia.data.tree.Tree;
import io.sequoia.tree.TreeClassifier;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The picture of the RNTN paper: a sentence's tree with every node coloured by its predicted
 * sentiment (red negative, white neutral, blue positive; darker is stronger) and marked
 * {@code −− − 0 + ++}, the words under the leaves. Drawn with Java2D, written as PNG.
 */
public final class TreePlot {
    private static final Color[] FINE = {new Color(0xB2182B), new Color(0xEF8A62), new Color(0xF7F7F7), new Color(0x67A9CF), new Color(0x2166AC)};
    private static final String[] FINE_MARK = {"−−", "−", "0", "+", "++"};
    private static final Color[] BINARY = {new Color(0xD6604D), new Color(0x4393C3)};
    private static final String[] BINARY_MARK = {"−", "+"};
    private static final Color[] TERNARY = {BINARY[0], new Color(0xF7F7F7), BINARY[1]};
    private static final String[] TERNARY_MARK = {"−", "0", "+"};
    private static final int COL = 78, ROW = 62, R = 15, PAD = 30;

    private TreePlot() {}

    /** Draws the tree of {@code ps} (post-order, root last) to a PNG file. */
    public static void write(Path file, List<TreeClassifier.NodePrediction> ps, List<String> classes) throws IOException {
        Tree root = ps.get(ps.size() - 1).node();
        Map<Tree, TreeClassifier.NodePrediction> pred = new IdentityHashMap<>();
        for (TreeClassifier.NodePrediction p : ps) pred.put(p.node(), p);
        int leaves = root.end() - root.start(), depth = depth(root);
        Font legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        FontMetrics lfm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(legendFont);
        int legend = 2 * PAD;
        for (String c : classes) legend += 34 + lfm.stringWidth(c);
        int w = Math.max(legend, leaves * COL + 2 * PAD), h = (depth + 1) * ROW + 2 * PAD + 70;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            Map<Tree, double[]> at = new IdentityHashMap<>();
            place(root, 0, root.start(), w, at);
            g.setStroke(new BasicStroke(1.6f));
            g.setColor(new Color(0x555555));
            for (Tree t : root.postOrder()) {
                double[] p = at.get(t);
                for (Tree c : t.children()) {
                    double[] q = at.get(c);
                    g.drawLine((int) p[0], (int) p[1], (int) q[0], (int) q[1]);
                }
            }
            boolean fine = classes.size() == 5;
            Color[] colours = fine ? FINE : classes.size() == 3 ? TERNARY : BINARY;
            String[] marks = fine ? FINE_MARK : classes.size() == 3 ? TERNARY_MARK : BINARY_MARK;
            Font markFont = new Font(Font.SANS_SERIF, Font.BOLD, 13), wordFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
            for (Tree t : root.postOrder()) {
                double[] p = at.get(t);
                int k = pred.get(t).label();
                Color c = colours[k];
                g.setColor(c);
                g.fillOval((int) p[0] - R, (int) p[1] - R, 2 * R, 2 * R);
                g.setColor(new Color(0x333333));
                g.drawOval((int) p[0] - R, (int) p[1] - R, 2 * R, 2 * R);
                g.setFont(markFont);
                g.setColor(fine && (k == 0 || k == 4) ? Color.WHITE : Color.BLACK);
                centre(g, marks[k], p[0], p[1] + 5);
                if (t.isLeaf()) {
                    g.setFont(wordFont);
                    g.setColor(Color.BLACK);
                    centre(g, Tree.unescape(t.word()), p[0], p[1] + R + 20);
                }
            }
            g.setFont(legendFont);
            g.setColor(new Color(0x444444));
            int x = PAD;
            for (int i = 0; i < classes.size(); i++) {
                g.setColor(colours[i]);
                g.fillOval(x, h - 26, 12, 12);
                g.setColor(new Color(0x444444));
                g.drawOval(x, h - 26, 12, 12);
                g.drawString(classes.get(i), x + 16, h - 15);
                x += 20 + g.getFontMetrics().stringWidth(classes.get(i)) + 14;
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        ImageIO.write(img, "png", file.toFile());
    }

    /** x from the leaves' columns (a parent centred over its children), y from the depth. */
    private static double place(Tree t, int d, int first, int w, Map<Tree, double[]> at) {
        double x;
        if (t.isLeaf()) x = PAD + COL / 2.0 + (t.start() - first) * COL;
        else {
            double sum = 0;
            for (Tree c : t.children()) sum += place(c, d + 1, first, w, at);
            x = sum / t.children().size();
        }
        at.put(t, new double[]{x, PAD + R + d * ROW});
        return x;
    }

    private static int depth(Tree t) {
        int d = 0;
        for (Tree c : t.children()) d = Math.max(d, 1 + depth(c));
        return d;
    }

    private static void centre(Graphics2D g, String s, double x, double y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, (int) (x - fm.stringWidth(s) / 2.0), (int) y);
    }
}
