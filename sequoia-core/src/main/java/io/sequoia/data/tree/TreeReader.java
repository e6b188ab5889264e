package io.sequoia.data.tree;

import io.sequoia.tensor.Errors;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PTB-style bracketed trees, one per line, as the Stanford Sentiment Treebank writes them:
 * {@code (3 (2 (2 The) (2 Rock)) (4 ...))}. Every node is {@code (LABEL WORD)} or
 * {@code (LABEL CHILD CHILD ...)}; tokens are separated by whitespace; words keep their PTB escapes
 * ({@code -LRB-}, {@code \/}). Blank lines are skipped. A malformed line raises a
 * {@link TreeFormatException} with the file, line and the column where the brackets stop matching.
 */
public final class TreeReader {
    private TreeReader() {}

    /** Reads every tree of a UTF-8 file. */
    public static List<Tree> read(Path file) throws IOException { return read(file, StandardCharsets.UTF_8); }

    public static List<Tree> read(Path file, Charset charset) throws IOException { return read(file, charset, -1); }

    /**
     * Reads trees whose labels are class numbers {@code 0 .. numClasses-1} (SST: 0 very negative ...
     * 4 very positive); a label that is not one gives a {@link TreeFormatException} at its line and column.
     */
    public static List<Tree> readLabelled(Path file, int numClasses) throws IOException {
        if (numClasses < 1) throw Errors.arg("TreeReader.readLabelled", "numClasses must be positive", ">= 1", numClasses, "file " + file);
        return read(file, StandardCharsets.UTF_8, numClasses);
    }

    private static List<Tree> read(Path file, Charset charset, int numClasses) throws IOException {
        List<Tree> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, charset)) {
            String line;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                try {
                    Parser p = new Parser(line);
                    p.numClasses = numClasses;
                    out.add(p.tree());
                } catch (Malformed m) {
                    throw new TreeFormatException(file, no, m.column, m.getMessage());
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw io.sequoia.data.text.TextFiles.undecodable(file, charset, e);
        }
        return out;
    }

    /** Parses one bracketed tree; errors are {@link IllegalArgumentException}s naming the column. */
    public static Tree parse(String text) {
        try {
            return new Parser(text).tree();
        } catch (Malformed m) {
            throw new IllegalArgumentException("column " + m.column + ": " + m.getMessage());
        }
    }

    /** A parse error at a 1-based column. */
    private static final class Malformed extends Exception {
        final int column;
        Malformed(int column, String rule, Object expected, Object got) {
            super(Errors.format("TreeReader", rule, expected, got, null), null, false, false);
            this.column = column;
        }
    }

    private static final class Parser {
        private final String s;
        private int pos, words;
        int numClasses = -1;

        Parser(String s) { this.s = s; }

        Tree tree() throws Malformed {
            skipSpace();
            if (pos >= s.length()) throw new Malformed(pos + 1, "a line holds one bracketed tree", "'('", "an empty line");
            if (s.charAt(pos) != '(') throw new Malformed(pos + 1, "a tree starts with '('", "'('", s.charAt(pos) == ')' ? "')'" : quote(token()));
            Tree t = node(0);
            skipSpace();
            if (pos < s.length()) {
                int at = pos;
                String what = s.charAt(pos) == ')' ? "an extra ')'" : quote(token());
                throw new Malformed(at + 1, "brackets stop matching: the tree closed before the end of the line",
                        "end of line", what);
            }
            return t;
        }

        /** Parses a node whose '(' is at pos. */
        private Tree node(int depth) throws Malformed {
            int open = pos;
            pos++;
            skipSpace();
            int labelAt = pos;
            String label = token();
            if (label.isEmpty()) {
                if (pos >= s.length()) throw unclosed(open);
                throw new Malformed(pos + 1, "every node starts with a label", "a label after '(' at column " + (open + 1),
                        s.charAt(pos) == ')' ? "')' (an empty node)" : "'('");
            }
            if (numClasses > 0) checkClass(label, labelAt);
            skipSpace();
            if (pos >= s.length()) throw unclosed(open);
            if (s.charAt(pos) != '(') {
                String word = token();
                if (word.isEmpty()) throw new Malformed(pos + 1, "a node holds a word or child trees", "a word or '('", "')' right after the label");
                skipSpace();
                if (pos >= s.length()) throw unclosed(open);
                if (s.charAt(pos) != ')') {
                    throw new Malformed(pos + 1, "brackets stop matching: a leaf holds exactly one word",
                            "')' closing the leaf opened at column " + (open + 1),
                            s.charAt(pos) == '(' ? "'(' (a word and a tree in one node)" : quote(token()));
                }
                pos++;
                return Tree.leaf(label, word, words++);
            }
            List<Tree> kids = new ArrayList<>(2);
            while (true) {
                skipSpace();
                if (pos >= s.length()) throw unclosed(open);
                char c = s.charAt(pos);
                if (c == ')') { pos++; break; }
                if (c != '(') {
                    throw new Malformed(pos + 1, "brackets stop matching: an inner node holds only child trees",
                            "'(' or ')' closing the node opened at column " + (open + 1), quote(token()));
                }
                kids.add(node(depth + 1));
            }
            return Tree.node(label, kids);
        }

        private void checkClass(String label, int at) throws Malformed {
            int v = -1;
            try { v = Integer.parseInt(label); } catch (NumberFormatException ignored) { /* reported below */ }
            if (v < 0 || v >= numClasses) {
                throw new Malformed(at + 1, "labels must be class numbers", "0.." + (numClasses - 1), "'" + label + "'");
            }
        }

        private Malformed unclosed(int open) {
            return new Malformed(s.length() + 1, "brackets stop matching: the line ends inside a tree",
                    "')' closing the node opened at column " + (open + 1), "end of line");
        }

        private String token() {
            int b = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '(' || c == ')' || Character.isWhitespace(c)) break;
                pos++;
            }
            return s.substring(b, pos);
        }

        private void skipSpace() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        private static String quote(String t) { return "'" + t + "'"; }
    }
}
