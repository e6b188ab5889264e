package io.sequoia.data.tree;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A labelled constituency tree as in the Penn Treebank and the Stanford Sentiment Treebank: every
 * node has a label, a leaf holds one word, an inner node one or more children. Each node knows its
 * span {@code [start, end)} over the sentence's words. Words are kept as written in the file
 * (PTB escapes such as {@code -LRB-} and {@code \/}), so {@link #toString()} gives back the line
 * it was read from; {@link #unescape(String)} turns a word into plain text.
 * Trees are immutable.
 */
public final class Tree {
    private static final Map<String, String> ESCAPES = Map.of("-LRB-", "(", "-RRB-", ")", "-LSB-", "[", "-RSB-", "]",
            "-LCB-", "{", "-RCB-", "}");

    private final String label;
    private final String word;
    private final List<Tree> children;
    private final int start, end, height, size;

    private Tree(String label, String word, List<Tree> children, int start) {
        this.label = label;
        this.word = word;
        this.children = children;
        this.start = start;
        int e = start + (word != null ? 1 : 0), h = 0, n = 1;
        for (Tree c : children) {
            if (c.start != e) {
                throw Errors.arg("Tree.node", "children must cover consecutive spans", "a child starting at word " + e,
                        "a child starting at word " + c.start, "label " + label);
            }
            e = c.end;
            h = Math.max(h, c.height + 1);
            n += c.size;
        }
        this.end = e;
        this.height = h;
        this.size = n;
    }

    /** A leaf: one word at sentence position {@code start}. */
    public static Tree leaf(String label, String word, int start) {
        checkToken("Tree.leaf", "label", label);
        checkToken("Tree.leaf", "word", word);
        if (start < 0) throw Errors.arg("Tree.leaf", "start must not be negative", ">= 0", start, "word " + word);
        return new Tree(label, word, List.of(), start);
    }

    /** An inner node over {@code children}, whose spans must follow each other. */
    public static Tree node(String label, List<Tree> children) {
        checkToken("Tree.node", "label", label);
        if (children == null || children.isEmpty()) {
            throw Errors.arg("Tree.node", "an inner node needs at least one child", ">= 1 children", 0, "label " + label);
        }
        return new Tree(label, null, List.copyOf(children), children.get(0).start);
    }

    private static void checkToken(String where, String what, String s) {
        if (s == null || s.isEmpty() || s.chars().anyMatch(ch -> ch == '(' || ch == ')' || Character.isWhitespace(ch))) {
            throw Errors.arg(where, what + " must be a non-empty token without brackets or spaces",
                    "a token like 'NP', '3' or '-LRB-'", s == null ? null : "'" + s + "'", null);
        }
    }

    public String label() { return label; }
    /** The word as written in the file (escaped); null for an inner node. */
    public String word() { return word; }
    public boolean isLeaf() { return word != null; }
    public List<Tree> children() { return children; }
    public Tree child(int i) { return children.get(i); }
    /** First word of the span (0-based, inclusive). */
    public int start() { return start; }
    /** End of the span (exclusive). */
    public int end() { return end; }
    /** 0 for a leaf, else 1 + the tallest child's height. */
    public int height() { return height; }
    /** Number of nodes (leaves included). */
    public int size() { return size; }

    /** The words of the leaves, left to right, as written in the file. */
    public List<String> words() {
        List<String> out = new ArrayList<>(end - start);
        for (Tree t : postOrder()) if (t.isLeaf()) out.add(t.word);
        return out;
    }

    /** The leaves' words unescaped and joined by spaces. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String w : words()) sb.append(sb.length() == 0 ? "" : " ").append(unescape(w));
        return sb.toString();
    }

    /** All nodes, children before parents, left to right; the root is last. */
    public List<Tree> postOrder() {
        List<Tree> out = new ArrayList<>(size);
        collect(this, out);
        return Collections.unmodifiableList(out);
    }

    private static void collect(Tree t, List<Tree> out) {
        for (Tree c : t.children) collect(c, out);
        out.add(t);
    }

    /** Whether every inner node has exactly two children. */
    public boolean isBinary() {
        if (isLeaf()) return true;
        if (children.size() != 2) return false;
        return children.get(0).isBinary() && children.get(1).isBinary();
    }

    /**
     * The tree with every inner node made binary: a node with more than two children becomes a
     * right-branching chain {@code (L a (L b c))} whose new nodes carry the node's label; a chain of
     * single-child inner nodes collapses into its top node (keeping the top label). Leaves and
     * binary nodes are unchanged, so a binary tree is returned as it is.
     */
    public Tree binarize() {
        if (isLeaf()) return this;
        Tree t = this;
        while (!t.isLeaf() && t.children.size() == 1) t = t.children.get(0);
        if (t.isLeaf()) return t == this ? this : new Tree(label, t.word, List.of(), t.start);
        List<Tree> kids = new ArrayList<>(t.children.size());
        boolean same = t == this;
        for (Tree c : t.children) {
            Tree b = c.binarize();
            same &= b == c;
            kids.add(b);
        }
        if (same && kids.size() == 2) return this;
        Tree right = kids.get(kids.size() - 1);
        for (int i = kids.size() - 2; i >= 1; i--) right = new Tree(label, null, List.of(kids.get(i), right), kids.get(i).start);
        return new Tree(label, null, List.of(kids.get(0), right), kids.get(0).start);
    }

    /** A word of a PTB/SST file as plain text: {@code -LRB-} → {@code (}, {@code \/} → {@code /}, {@code \*} → {@code *}. */
    public static String unescape(String word) {
        String s = ESCAPES.get(word);
        if (s != null) return s;
        return word.indexOf('\\') < 0 ? word : word.replace("\\/", "/").replace("\\*", "*");
    }

    /** Plain text as a PTB/SST word: brackets become {@code -LRB-} etc., {@code /} becomes {@code \/}. */
    public static String escape(String text) {
        for (Map.Entry<String, String> e : ESCAPES.entrySet()) if (e.getValue().equals(text)) return e.getKey();
        return text.replace("/", "\\/").replace("*", "\\*");
    }

    /**
     * The documented fallback for a plain sentence: the words (split on whitespace, escaped, each
     * bracket its own word) under a right-branching binary tree, every label {@code label}.
     * "this is not good" becomes {@code (L (L this) (L (L is) (L (L not) (L good))))}.
     */
    public static Tree rightBranching(String sentence, String label) {
        List<String> words = new ArrayList<>();
        for (String tok : sentence.trim().split("\\s+")) {
            StringBuilder cur = new StringBuilder();
            for (char ch : tok.toCharArray()) {
                if ("()[]{}".indexOf(ch) >= 0) {
                    if (cur.length() > 0) { words.add(escape(cur.toString())); cur.setLength(0); }
                    words.add(escape(String.valueOf(ch)));
                } else cur.append(ch);
            }
            if (cur.length() > 0) words.add(escape(cur.toString()));
        }
        if (words.isEmpty()) throw Errors.arg("Tree.rightBranching", "sentence must contain a word", "text", "'" + sentence + "'", null);
        Tree t = leaf(label, words.get(words.size() - 1), words.size() - 1);
        for (int i = words.size() - 2; i >= 0; i--) t = node(label, List.of(leaf(label, words.get(i), i), t));
        return t;
    }

    /** The bracketed form, single spaces: {@code (3 (2 not) (4 bad))}. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(size * 8);
        write(sb);
        return sb.toString();
    }

    private void write(StringBuilder sb) {
        sb.append('(').append(label).append(' ');
        if (isLeaf()) sb.append(word);
        else for (int i = 0; i < children.size(); i++) {
            if (i > 0) sb.append(' ');
            children.get(i).write(sb);
        }
        sb.append(')');
    }

    @Override public boolean equals(Object o) { return o instanceof Tree t && toString().equals(t.toString()) && start == t.start; }
    @Override public int hashCode() { return toString().hashCode(); }
}
