package io.sequoia.tree;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.text.Vocabulary;
import io.sequoia.data.tree.Tree;
import io.sequoia.nn.tree.TreeTopology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A minibatch of trees as the network reads it: each tree's topology (post-order), the word ids
 * of all leaves (tree after tree, left to right), every node's target class ({@code ignore} where a
 * node has none, e.g. neutral phrases in the binary task) and the row of each root.
 * @param wordIds (N_leaf) indices; @param targets (N) class indices; @param roots B row numbers
 */
public record TreeBatch(List<TreeTopology> trees, Tensor wordIds, Tensor targets, int[] roots, int labelled) {

    /** Builds the batch; {@code target} maps a node's label to a class index or to the ignore index. */
    public static TreeBatch of(List<Tree> trees, Vocabulary vocab, boolean lowercase, ToIntFunction<String> target, int ignore) {
        List<TreeTopology> tops = new ArrayList<>(trees.size());
        List<Integer> ids = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        int[] roots = new int[trees.size()];
        int labelled = 0;
        for (int t = 0; t < trees.size(); t++) {
            List<Tree> nodes = trees.get(t).postOrder();
            java.util.IdentityHashMap<Tree, Integer> index = new java.util.IdentityHashMap<>();
            int[][] children = new int[nodes.size()][];
            for (int i = 0; i < nodes.size(); i++) {
                Tree n = nodes.get(i);
                index.put(n, i);
                children[i] = new int[n.children().size()];
                for (int j = 0; j < children[i].length; j++) children[i][j] = index.get(n.child(j));
                if (n.isLeaf()) ids.add(vocab.index(word(n.word(), lowercase)));
                int y = target.applyAsInt(n.label());
                if (y != ignore) labelled++;
                ys.add(y);
            }
            roots[t] = ys.size() - 1;
            tops.add(new TreeTopology(children));
        }
        return new TreeBatch(tops, Tensor.ofIndices(ids.stream().mapToInt(Integer::intValue).toArray()),
                Tensor.ofIndices(ys.stream().mapToInt(Integer::intValue).toArray()), roots, labelled);
    }

    /** The vocabulary key of a word. */
    static String word(String w, boolean lowercase) { return lowercase ? w.toLowerCase(java.util.Locale.ROOT) : w; }

    public int numNodes() { return targets.size(0); }
}
