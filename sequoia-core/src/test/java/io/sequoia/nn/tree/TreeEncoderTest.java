package io.sequoia.nn.tree;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TreeEncoderTest {
    /** A random tree over {@code leaves} words in post-order; inner nodes have 2 children, or 1..3 if not binary. */
    static TreeTopology randomTree(Random rnd, int leaves, boolean binary) {
        List<int[]> nodes = new ArrayList<>();
        build(rnd, leaves, binary, nodes);
        return new TreeTopology(nodes.toArray(new int[0][]));
    }

    private static int build(Random rnd, int leaves, boolean binary, List<int[]> nodes) {
        if (leaves == 1 && (binary || rnd.nextInt(3) > 0)) { nodes.add(new int[0]); return nodes.size() - 1; }
        int k = binary ? 2 : Math.min(leaves, 1 + rnd.nextInt(3));
        int[] kids = new int[k];
        int left = leaves;
        for (int j = 0; j < k; j++) {
            int take = j == k - 1 ? left : 1 + rnd.nextInt(left - (k - 1 - j));
            kids[j] = build(rnd, take, binary, nodes);
            left -= take;
        }
        nodes.add(kids);
        return nodes.size() - 1;
    }

    private static List<TreeTopology> batch(long seed, int n, boolean binary) {
        Random rnd = new Random(seed);
        List<TreeTopology> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) ts.add(randomTree(rnd, 1 + rnd.nextInt(7), binary));
        return ts;
    }

    private static int leaves(List<TreeTopology> ts) { return ts.stream().mapToInt(TreeTopology::numLeaves).sum(); }

    /** States and every gradient (input, then parameters) of sum(states ⊙ G) for one batching. */
    private static double[][] run(TreeEncoder enc, TreeEncoder.Batching b, List<TreeTopology> ts, Tensor x) {
        enc.batching(b);
        enc.zeroGrad();
        x.zeroGrad();
        Tensor out = enc.forward(ts, x);
        out.mul(new Tensor(NDArray.randn(DType.FLOAT64, new Generator(5), out.shape()))).sum().backward();
        List<double[]> res = new ArrayList<>(List.of(out.toDoubleArray(), x.grad().toDoubleArray()));
        for (Parameter p : enc.parameters()) res.add(p.grad().toDoubleArray());
        return res.toArray(new double[0][]);
    }

    @Test
    void levelBatchingEqualsPerNodeOutputsAndGradients() {
        for (String cell : TreeEncoder.CELLS) {
            boolean binary = !cell.equals("childsum");
            TreeEncoder enc = new TreeEncoder(cell, 4, 4);
            enc.to(DType.FLOAT64);
            List<TreeTopology> ts = batch(11, 6, binary);
            Tensor x = GradCheck.randn(3, leaves(ts), 4);
            double[][] level = run(enc, TreeEncoder.Batching.LEVEL, ts, x), node = run(enc, TreeEncoder.Batching.NODE, ts, x);
            for (int i = 0; i < level.length; i++) assertArrayEquals(node[i], level[i], 1e-12, cell + ": result " + i);
        }
    }

    @Test
    void levelBatchingPassesAGradientCheck() {
        TreeEncoder enc = new TreeEncoder("childsum", 2, 2);
        enc.to(DType.FLOAT64);
        List<TreeTopology> ts = batch(4, 3, false);
        List<Tensor> in = new ArrayList<>(List.of(GradCheck.randn(1, leaves(ts), 2)));
        in.addAll(enc.parameters());
        GradCheck.check("TreeEncoder childsum", t -> enc.forward(ts, t[0]), in.toArray(new Tensor[0]));
        TreeEncoder rntn = new TreeEncoder("rntn", 2, 2);
        rntn.to(DType.FLOAT64);
        List<TreeTopology> bt = batch(5, 3, true);
        List<Tensor> in2 = new ArrayList<>(List.of(GradCheck.randn(2, leaves(bt), 2)));
        in2.addAll(rntn.parameters());
        GradCheck.check("TreeEncoder rntn", t -> rntn.forward(bt, t[0]), in2.toArray(new Tensor[0]));
    }

    @Test
    void aTreesResultDoesNotDependOnTheOtherTreesInItsBatch() {
        for (String cell : List.of("treelstm", "childsum", "rntn")) {
            boolean binary = !cell.equals("childsum");
            TreeEncoder enc = new TreeEncoder(cell, 3, 3);
            enc.to(DType.FLOAT64);
            List<TreeTopology> ts = batch(21, 8, binary);
            Tensor x = GradCheck.randn(6, leaves(ts), 3).detach();
            double[] all = enc.forward(ts, x).toDoubleArray();
            int node = 0, leaf = 0, s = enc.cell().stateSize();
            for (TreeTopology t : ts) {
                double[] alone = enc.forward(List.of(t), x.narrow(0, leaf, t.numLeaves())).toDoubleArray();
                double[] inBatch = java.util.Arrays.copyOfRange(all, node * s, (node + t.size()) * s);
                assertArrayEquals(alone, inBatch, 1e-12, cell);
                node += t.size();
                leaf += t.numLeaves();
            }
        }
    }

    @Test
    void errorsNameTheTreeNodeAndShape() {
        TreeEncoder enc = new TreeEncoder("treelstm", 3, 2);
        TreeTopology ternary = new TreeTopology(new int[][]{{}, {}, {}, {0, 1, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc.forward(List.of(ternary), Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("two children; expected 2, got 3 (tree 0, node 3"), e.getMessage());
        TreeTopology pair = new TreeTopology(new int[][]{{}, {}, {0, 1}});
        e = assertThrows(IllegalArgumentException.class, () -> enc.forward(List.of(pair), Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("leafInputs must be (leaves, inputSize); expected [2, 3], got [3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TreeTopology(new int[][]{{}, {}, {0, 2}}));
        assertTrue(e.getMessage().contains("a child comes before its parent") && e.getMessage().contains("got 2 (node 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TreeTopology(new int[][]{{}, {}, {0}}));
        assertTrue(e.getMessage().contains("every node but the last (the root) has a parent") && e.getMessage().contains("node 1"), e.getMessage());
        assertEquals(2, new TreeEncoder("childsum", 3, 2).forward(List.of(ternary), Tensor.zeros(3, 3)).size(1) / 2);
    }

    @Test
    void configRebuildsTheEncoder() {
        TreeEncoder enc = new TreeEncoder("rntn", 5, 5);
        TreeEncoder back = TreeEncoder.fromConfig(enc.config());
        assertEquals(enc.config(), back.config());
        assertEquals(enc.namedParameters().keySet(), back.namedParameters().keySet());
        assertEquals(List.of("cell.weight", "cell.bias", "cell.bilinear_weight"), List.copyOf(enc.namedParameters().keySet()));
    }
}
