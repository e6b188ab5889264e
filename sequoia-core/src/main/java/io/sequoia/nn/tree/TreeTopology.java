package io.sequoia.nn.tree;

import io.sequoia.tensor.Errors;

import java.util.Arrays;

/**
 * The shape of one tree as the tree layers see it: {@code children[i]} lists node i's children
 * (empty for a leaf). Nodes are numbered in post-order (children before their parent, left to
 * right), so the root is the last node and the leaves, in index order, are the words left to right.
 * Leaf k (the k-th leaf by index) reads row k of the tree's leaf inputs.
 */
public record TreeTopology(int[][] children) {
    public TreeTopology {
        if (children == null || children.length == 0) {
            throw Errors.arg("TreeTopology", "a tree needs at least one node", ">= 1 nodes", 0, null);
        }
        int n = children.length;
        int[] parents = new int[n];
        Arrays.fill(parents, -1);
        for (int i = 0; i < n; i++) {
            if (children[i] == null) throw Errors.arg("TreeTopology", "children lists must not be null", "an int[] (empty for a leaf)", null, "node " + i);
            for (int c : children[i]) {
                if (c < 0 || c >= i) {
                    throw Errors.arg("TreeTopology", "nodes are in post-order: a child comes before its parent", "a child index in 0.." + (i - 1),
                            c, "node " + i);
                }
                if (parents[c] >= 0) {
                    throw Errors.arg("TreeTopology", "every node has one parent", "one parent", "parents " + parents[c] + " and " + i, "node " + c);
                }
                parents[c] = i;
            }
        }
        for (int i = 0; i < n - 1; i++) {
            if (parents[i] < 0) throw Errors.arg("TreeTopology", "every node but the last (the root) has a parent", "a parent", "none", "node " + i);
        }
    }

    public int size() { return children.length; }
    public int root() { return children.length - 1; }
    public boolean isLeaf(int i) { return children[i].length == 0; }

    public int numLeaves() {
        int k = 0;
        for (int[] c : children) if (c.length == 0) k++;
        return k;
    }

    /** Height of every node: 0 for a leaf, else 1 + its tallest child's. */
    public int[] heights() {
        int[] h = new int[children.length];
        for (int i = 0; i < h.length; i++) for (int c : children[i]) h[i] = Math.max(h[i], h[c] + 1);
        return h;
    }
}
