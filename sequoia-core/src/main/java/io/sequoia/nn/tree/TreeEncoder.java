package io.sequoia.nn.tree;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Module;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link TreeCell} over a minibatch of trees and returns every node's state.
 * <p>{@link Batching#LEVEL} (the default) computes all nodes of the same height across the whole
 * minibatch together: one gather of the children's rows (left and right children in one
 * {@code indexSelect}, so backward scatters into the state table once per level), one
 * {@code compose} (one matrix product per gate block) and one concatenation per level, forward
 * and backward, all autograd primitives.
 * {@link Batching#NODE} is the reference twin: one {@code compose} per node, in post-order.
 * Both give the same states (a test checks outputs and gradients).
 * <pre>
 * trees      B topologies, N nodes in all, N_leaf leaves
 * leafInputs (N_leaf, H_in): row k is the k-th leaf, trees one after the other, leaves left to right
 * output     (N, S): row offset(t) + i is node i of tree t (tree order); hidden(output) is (N, H)
 * </pre>
 */
public class TreeEncoder extends Module {
    /** How nodes are grouped into products. */
    public enum Batching { LEVEL, NODE }

    /** The cell names {@link #cell(String, int, int)} accepts. */
    public static final List<String> CELLS = List.of("recnn", "rntn", "treelstm", "childsum", "treegru");

    private final String cellName;
    private final TreeCell cell;
    private final boolean paperLeaf;
    private Batching batching = Batching.LEVEL;

    public TreeEncoder(String cell, int inputSize, int hiddenSize) { this(cell, inputSize, hiddenSize, false); }

    /** @param paperLeaf the leaf of the paper's code where it differs (see {@link #cell(String, int, int, boolean)}) */
    public TreeEncoder(String cell, int inputSize, int hiddenSize, boolean paperLeaf) {
        this.cellName = cell;
        this.paperLeaf = paperLeaf;
        this.cell = registerModule("cell", cell(cell, inputSize, hiddenSize, paperLeaf));
    }

    public static TreeEncoder fromConfig(Map<String, Object> c) {
        io.sequoia.nn.Config k = io.sequoia.nn.Config.of("TreeEncoder", c);
        return new TreeEncoder(k.string("cell"), k.integer("input_size"), k.integer("hidden_size"), k.bool("paper_leaf", false));
    }

    /** A cell by name: recnn, rntn, treelstm (binary N-ary Tree-LSTM), childsum (Child-Sum Tree-LSTM), treegru. */
    public static TreeCell cell(String name, int inputSize, int hiddenSize) { return cell(name, inputSize, hiddenSize, false); }

    /**
     * As above; {@code paperLeaf} gives the rntn the leaf {@code tanh(x)} of Socher et al.'s code
     * and the treelstm the gate-free leaf of Tai et al.'s code; the other cells ignore it.
     */
    public static TreeCell cell(String name, int inputSize, int hiddenSize, boolean paperLeaf) {
        if (name == null) throw Errors.arg("TreeEncoder", "cell must be one of " + CELLS, CELLS, null, null);
        return switch (name) {
            case "recnn" -> new RecNNCell(inputSize, hiddenSize);
            case "rntn" -> new RNTNCell(inputSize, hiddenSize, paperLeaf);
            case "treelstm" -> new BinaryTreeLSTMCell(inputSize, hiddenSize, paperLeaf);
            case "childsum" -> new ChildSumTreeLSTMCell(inputSize, hiddenSize);
            case "treegru" -> new TreeGRUCell(inputSize, hiddenSize);
            default -> throw Errors.arg("TreeEncoder", "unknown cell", "one of " + CELLS, "'" + name + "'", null);
        };
    }

    public TreeCell cell() { return cell; }
    public Batching batching() { return batching; }
    public TreeEncoder batching(Batching b) { this.batching = b; return this; }

    /** Every node's state, in tree order; see the class comment for shapes. */
    public Tensor forward(List<TreeTopology> trees, Tensor leafInputs) {
        TreeLevels plan = new TreeLevels(trees, cell.binary());
        if (leafInputs == null || leafInputs.dim() != 2 || leafInputs.size(0) != plan.numLeaves || leafInputs.size(1) != cell.inputSize()) {
            throw Errors.shape("TreeEncoder.forward", "leafInputs must be (leaves, inputSize)", "[" + plan.numLeaves + ", " + cell.inputSize() + "]",
                    leafInputs == null ? null : leafInputs.shapeString(), trees.size() + " trees");
        }
        return batching == Batching.LEVEL ? byLevel(plan, leafInputs) : byNode(trees, leafInputs);
    }

    /** The nodes' outputs h (N, H) from states (N, S). */
    public Tensor hidden(Tensor states) { return cell.hidden(states); }

    private Tensor byLevel(TreeLevels plan, Tensor leafInputs) {
        Tensor all = cell.leaf(leafInputs);                                          // (N_leaf, S), level 0
        for (int k = 1; k < plan.numLevels; k++) {
            Tensor level;
            if (cell.binary()) {
                int n = plan.left[k].length;
                Tensor kids = all.indexSelect(0, Tensor.ofIndices(plan.leftThenRight(k)));      // (2n, S): left children, then right
                level = cell.compose(kids.narrow(0, 0, n), kids.narrow(0, n, n));
            } else {
                int n = plan.childCounts[k].length, m = plan.children[k].length;
                Tensor assign = new Tensor(NDArray.wrap(plan.assign(k), n, m)).to(all.dtype());   // (n_k, m_k)
                level = cell.composeAll(all.indexSelect(0, Tensor.ofIndices(plan.children[k])), assign);
            }
            all = Tensor.concat(0, all, level);                                      // (rows of levels 0..k, S)
        }
        return all.indexSelect(0, Tensor.ofIndices(plan.pos));                       // (N, S) tree order
    }

    private Tensor byNode(List<TreeTopology> trees, Tensor leafInputs) {
        int n = 0;
        for (TreeTopology t : trees) n += t.size();
        Tensor[] states = new Tensor[n];
        int off = 0, leaf = 0;
        for (TreeTopology t : trees) {
            for (int i = 0; i < t.size(); i++) {
                int[] c = t.children()[i];
                if (c.length == 0) states[off + i] = cell.leaf(leafInputs.narrow(0, leaf++, 1));
                else if (cell.binary()) states[off + i] = cell.compose(states[off + c[0]], states[off + c[1]]);
                else {
                    Tensor[] kids = new Tensor[c.length];
                    for (int j = 0; j < c.length; j++) kids[j] = states[off + c[j]];
                    states[off + i] = cell.composeAll(Tensor.concat(0, kids), Tensor.ones(1, c.length).to(leafInputs.dtype()));
                }
            }
            off += t.size();
        }
        return Tensor.concat(0, states);                                              // (N, S)
    }

    public boolean paperLeaf() { return paperLeaf; }

    @Override public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>(super.config());
        c.put("cell", cellName);
        c.put("input_size", cell.inputSize());
        c.put("hidden_size", cell.hiddenSize());
        c.put("paper_leaf", paperLeaf);
        return c;
    }
}
