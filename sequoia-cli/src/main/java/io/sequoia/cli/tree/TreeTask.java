package io.sequoia.cli.tree;

import io.sequoia.data.tree.Tree;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.tree.SentimentLabels;
import io.sequoia.tree.TreeClassifier;
import io.sequoia.tree.TreeMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tree branch of {@code sequoia evaluate} and {@code sequoia predict}: the commands look at the
 * model folder's {@code "task"} and call {@link #evaluate} or {@link #predict} for {@code "tree"}.
 */
public final class TreeTask {
    private TreeTask() {}

    /** Whether {@code dir} is a tree model folder (a folder with {@code "task": "tree"}). */
    public static boolean isTree(Path dir) throws IOException {
        return dir != null && java.nio.file.Files.isRegularFile(dir.resolve(io.sequoia.io.ModelFolder.CONFIG_FILE)) && TreeClassifier.isTreeModel(dir);
    }

    /** {@code sequoia evaluate --model DIR --data FILE}: root and all-phrase accuracy, fine and binary. */
    public static int evaluate(Path model, String data, boolean json) throws IOException {
        if (data == null) throw new IllegalArgumentException("Missing required option: '--data=FILE' (bracketed trees, e.g. sst/test.txt)");
        TreeClassifier clf = TreeClassifier.load(model);
        Path p = TreeData.resolve(data);
        if (java.nio.file.Files.isDirectory(p)) p = p.resolve("test.txt");
        List<Tree> trees = TreeData.read(p);
        TreeMetrics m = clf.evaluate(trees);
        System.out.printf(Locale.ROOT, "%s on %s (%d trees, %s, %d classes)%n", model, p, trees.size(), clf.spec().cell(), clf.spec().numClasses());
        report(System.out, "", m, clf.spec().numClasses());
        if (json) System.out.println(io.sequoia.cli.JsonLine.of(m.toMap()));
        return 0;
    }

    /** Prints the scores; returns them as a JSON-able map. */
    static Map<String, Object> report(PrintStream o, String name, TreeMetrics m, int classes) {
        String p = name.isEmpty() ? "" : name + ": ";
        if (classes == SentimentLabels.FINE) {
            o.printf(Locale.ROOT, "%sfine-grained root accuracy %.4f, all-phrase %.4f; binary (neutral removed, %d roots) root %.4f, all-phrase %.4f; loss %.4f%n",
                    p, m.rootAccuracy(), m.allAccuracy(), m.binaryTrees(), m.binaryRootAccuracy(), m.binaryAllAccuracy(), m.loss());
        } else {
            o.printf(Locale.ROOT, "%sbinary (neutral removed, %d roots) root accuracy %.4f, all-phrase %.4f; loss %.4f%n",
                    p, m.binaryTrees(), m.binaryRootAccuracy(), m.binaryAllAccuracy(), m.loss());
        }
        return m.toMap();
    }

    /**
     * {@code sequoia predict --model DIR TEXT...}: a text starting with '(' is a bracketed tree; any
     * other text is split on whitespace and put under a right-branching binary tree
     * ({@link Tree#rightBranching}). Prints the root's class and the tree with every node's predicted
     * class; {@code plot} draws each tree (several texts: FILE-1.png, FILE-2.png, ...).
     */
    public static int predict(Path model, List<String> texts, boolean json, Path plot) throws IOException {
        TreeClassifier clf = TreeClassifier.load(model);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i).trim();
            Tree tree;
            try {
                tree = text.startsWith("(") ? TreeReader.parse(text) : Tree.rightBranching(text, "?");
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new Object()),
                        "predict: text " + (i + 1) + " is not a bracketed tree: " + e.getMessage());
            }
            tree = clf.prepare(tree);
            List<TreeClassifier.NodePrediction> ps = clf.predict(tree);
            TreeClassifier.NodePrediction root = ps.get(ps.size() - 1);
            String labelled = TreeClassifier.labelled(tree, ps);
            System.out.printf(Locale.ROOT, "%-14s %.4f  %s%n", root.name(), root.probabilities()[root.label()], labelled);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("text", texts.get(i));
            r.put("label", root.label());
            r.put("name", root.name());
            r.put("probability", root.probabilities()[root.label()]);
            r.put("tree", labelled);
            rows.add(r);
            if (plot != null) {
                Path f = texts.size() == 1 ? plot : numbered(plot, i + 1);
                TreePlot.write(f, ps, clf.classes());
                System.out.println("Wrote " + f);
            }
        }
        if (json) System.out.println(io.sequoia.cli.JsonLine.of(rows));
        return 0;
    }

    private static Path numbered(Path p, int i) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String name = dot < 0 ? n + "-" + i : n.substring(0, dot) + "-" + i + n.substring(dot);
        return p.resolveSibling(name);
    }
}
