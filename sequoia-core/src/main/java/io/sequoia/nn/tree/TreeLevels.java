package io.sequoia.nn.tree;

import io.sequoia.tensor.Errors;

import java.util.List;

/**
 * The schedule of level-wise batching for a minibatch of trees: nodes are grouped by height
 * (leaves are level 0) and numbered level by level, so the states of levels 0..k-1 are the first
 * rows of the state table when level k is computed. Global node g is node i of tree t, with
 * g = offset(t) + i (tree order); {@code pos[g]} is its row in the level-ordered table.
 */
final class TreeLevels {
    final int numNodes, numLeaves, numLevels;
    /** Row of each node (tree order) in the level-ordered state table. */
    final int[] pos;
    /** Per level k ≥ 1 (index k): the rows of the left and right children (binary cells). */
    final int[][] left, right;
    /** Per level k ≥ 1: the rows of all children, parent by parent, and each parent's child count. */
    final int[][] children, childCounts;

    TreeLevels(List<TreeTopology> trees, boolean binary) {
        if (trees == null || trees.isEmpty()) throw Errors.arg("TreeEncoder.forward", "needs at least one tree", ">= 1 trees", 0, null);
        int n = 0, maxH = 0;
        for (TreeTopology t : trees) n += t.size();
        int[] height = new int[n];
        int g = 0;
        for (int ti = 0; ti < trees.size(); ti++) {
            TreeTopology t = trees.get(ti);
            if (binary) {
                for (int i = 0; i < t.size(); i++) {
                    int k = t.children()[i].length;
                    if (k != 0 && k != 2) {
                        throw Errors.arg("TreeEncoder.forward", "a binary cell needs every inner node to have two children", 2, k,
                                "tree " + ti + ", node " + i + "; Hint: binarize the trees, or use the child-sum cell");
                    }
                }
            }
            for (int h : t.heights()) { height[g++] = h; maxH = Math.max(maxH, h); }
        }
        numNodes = n;
        numLevels = maxH + 1;
        int[] count = new int[numLevels];
        for (int h : height) count[h]++;
        numLeaves = count[0];
        int[] next = new int[numLevels];
        for (int k = 1; k < numLevels; k++) next[k] = next[k - 1] + count[k - 1];
        pos = new int[n];
        for (int i = 0; i < n; i++) pos[i] = next[height[i]]++;
        left = new int[numLevels][];
        right = new int[numLevels][];
        children = new int[numLevels][];
        childCounts = new int[numLevels][];
        int[] edges = new int[numLevels], fill = new int[numLevels];
        g = 0;
        for (TreeTopology t : trees) {
            for (int[] c : t.children()) edges[height[g++]] += c.length;
        }
        for (int k = 1; k < numLevels; k++) {
            if (binary) { left[k] = new int[count[k]]; right[k] = new int[count[k]]; }
            else { children[k] = new int[edges[k]]; childCounts[k] = new int[count[k]]; }
        }
        // within a level, parents are in tree order (pos increases with g), so filling in g order keeps rows aligned
        int[] parentSlot = new int[numLevels];
        int off = 0;
        for (TreeTopology t : trees) {
            for (int i = 0; i < t.size(); i++) {
                int k = height[off + i];
                if (k == 0) continue;
                int[] c = t.children()[i];
                int j = parentSlot[k]++;
                if (binary) {
                    left[k][j] = pos[off + c[0]];
                    right[k][j] = pos[off + c[1]];
                } else {
                    childCounts[k][j] = c.length;
                    for (int ci : c) children[k][fill[k]++] = pos[off + ci];
                }
            }
            off += t.size();
        }
    }

    /** Binary cells: the rows of level k's left children followed by its right children. */
    int[] leftThenRight(int k) {
        int n = left[k].length;
        int[] both = java.util.Arrays.copyOf(left[k], 2 * n);
        System.arraycopy(right[k], 0, both, n, n);
        return both;
    }

    /** The (n_k, m_k) 0/1 matrix summing level k's child rows into their parents. */
    float[] assign(int k) {
        int[] counts = childCounts[k];
        int m = children[k].length;
        float[] a = new float[counts.length * m];
        int col = 0;
        for (int p = 0; p < counts.length; p++) for (int j = 0; j < counts[p]; j++) a[p * m + col++] = 1;
        return a;
    }
}
