package io.sequoia.nn.tree;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.nn.LayerTest;
import io.sequoia.nn.Parameter;
import io.sequoia.tensor.DType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sequoia.nn.LayerTest.params;
import static org.junit.jupiter.api.Assertions.*;

class TreeCellTest {
    /** Leaves → one compose (binary) → compose again with a leaf, so every parameter matters. */
    private static Tensor twoLevels(TreeCell c, Tensor x) {
        Tensor s = c.leaf(x);                                            // (4, S)
        Tensor p = c.compose(s.narrow(0, 0, 2), s.narrow(0, 2, 2));      // (2, S)
        return c.compose(p, s.narrow(0, 1, 2));                          // (2, S)
    }

    private static void gradCheck(TreeCell c, int in) {
        c.to(DType.FLOAT64);
        List<Tensor> leaves = new ArrayList<>(List.of(GradCheck.uniform(1, -1, 1, 4, in)));
        leaves.addAll(c.parameters());
        GradCheck.check(c.getClass().getSimpleName(), t -> twoLevels(c, t[0]), leaves.toArray(new Tensor[0]));
    }

    @Test
    void recnnNamesShapesAndGradients() {
        RecNNCell c = new RecNNCell(3, 3);
        LayerTest.check(c, params("weight", new int[]{3, 6}, "bias", new int[]{3}), Tensor.randn(4, 3), new int[]{2, 3}, x -> twoLevels(c, x));
        gradCheck(new RecNNCell(3, 3), 3);
    }

    @Test
    void rntnNamesShapesAndGradients() {
        RNTNCell c = new RNTNCell(3, 3);
        LayerTest.check(c, params("weight", new int[]{3, 6}, "bias", new int[]{3}, "bilinear_weight", new int[]{3, 6, 6}),
                Tensor.randn(4, 3), new int[]{2, 3}, x -> twoLevels(c, x));
        gradCheck(new RNTNCell(3, 3), 3);
    }

    @Test
    void rntnStartsNearTheSumOfItsChildrenAsSochersCode() {
        int h = 10;
        RNTNCell c = new RNTNCell(h, h);
        c.to(DType.FLOAT64);
        double[] w = c.weight.data().doubleData(), v = c.bilinearWeight.data().doubleData();
        double noise = 1 / (2 * Math.sqrt(h));
        for (int k = 0; k < h; k++) {
            for (int i = 0; i < 2 * h; i++) {
                double centre = i == k || i == h + k ? 1 : 0;
                assertEquals(centre, w[k * 2 * h + i], noise, "weight[" + k + ", " + i + "]");
            }
        }
        for (double b : c.bias.data().doubleData()) assertEquals(0, b);
        for (int i = 0; i < v.length; i++) assertTrue(Math.abs(v[i]) <= 1.0 / (4 * h), "bilinear_weight flat " + i + ": " + v[i]);
    }

    @Test
    void rntnBilinearTermIsCTransposeVc() {
        RNTNCell c = new RNTNCell(2, 2);
        c.to(DType.FLOAT64);
        Tensor l = GradCheck.randn(1, 1, 2), r = GradCheck.randn(2, 1, 2);
        double[] v = c.bilinearWeight.data().doubleData(), w = c.weight.data().doubleData(), b = c.bias.data().doubleData();
        double[] x = {l.get(0, 0), l.get(0, 1), r.get(0, 0), r.get(0, 1)};
        Tensor p = c.compose(l, r);
        for (int k = 0; k < 2; k++) {
            double s = b[k];
            for (int i = 0; i < 4; i++) {
                s += w[k * 4 + i] * x[i];
                for (int j = 0; j < 4; j++) s += x[i] * v[k * 16 + i * 4 + j] * x[j];
            }
            assertEquals(Math.tanh(s), p.get(0, k), 1e-12, "unit " + k);
        }
    }

    @Test
    void binaryTreeLstmNamesShapesAndGradients() {
        BinaryTreeLSTMCell c = new BinaryTreeLSTMCell(3, 2);
        LayerTest.check(c, params("weight_ih", new int[]{6, 3}, "bias_ih", new int[]{6}, "weight_hh", new int[]{10, 4}, "bias_hh", new int[]{10}),
                Tensor.randn(4, 3), new int[]{2, 4}, x -> twoLevels(c, x));
        gradCheck(new BinaryTreeLSTMCell(3, 2), 3);
    }

    @Test
    void paperLeavesAsThePapersCodeWithGradients() {
        // Socher et al.'s code: a preterminal's vector is tanh(word vector)
        RNTNCell r = new RNTNCell(3, 3, true);
        r.to(DType.FLOAT64);
        Tensor x = GradCheck.randn(3, 4, 3).mul(2);
        Tensor s = r.leaf(x);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) assertEquals(Math.tanh(x.get(i, j)), s.get(i, j), 1e-12);
        assertEquals(x.get(1, 2), new RNTNCell(3, 3).leaf(x.to(DType.FLOAT32)).get(1, 2), 1e-6, "without the flag the leaf is the word vector");
        gradCheck(new RNTNCell(3, 3, true), 3);

        // Tai et al.'s code: c = W_c x + b_c, h = sigmoid(W_o x + b_o) * tanh(c); weight_ih rows c|o
        BinaryTreeLSTMCell t = new BinaryTreeLSTMCell(3, 2, true);
        LayerTest.check(t, params("weight_ih", new int[]{4, 3}, "bias_ih", new int[]{4}, "weight_hh", new int[]{10, 4}, "bias_hh", new int[]{10}),
                Tensor.randn(4, 3), new int[]{2, 4}, z -> twoLevels(t, z));
        t.to(DType.FLOAT64);
        double[] w = t.weightIh.data().doubleData(), b = t.biasIh.data().doubleData();
        Tensor st = t.leaf(x);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 2; k++) {
                double c = b[k], o = b[2 + k];
                for (int j = 0; j < 3; j++) {
                    c += w[k * 3 + j] * x.get(i, j);
                    o += w[(2 + k) * 3 + j] * x.get(i, j);
                }
                assertEquals(c, st.get(i, 2 + k), 1e-12, "c of leaf " + i);
                assertEquals(Math.tanh(c) / (1 + Math.exp(-o)), st.get(i, k), 1e-12, "h of leaf " + i);
            }
        }
        assertTrue(t.paperLeaf());
        assertEquals(true, t.config().get("paper_leaf"));
        assertFalse(BinaryTreeLSTMCell.fromConfig(new BinaryTreeLSTMCell(3, 2).config()).paperLeaf(), "configs without the flag keep the old leaf");
        gradCheck(new BinaryTreeLSTMCell(3, 2, true), 3);
    }

    @Test
    void treeGruNamesShapesAndGradients() {
        TreeGRUCell c = new TreeGRUCell(3, 2);
        LayerTest.check(c, params("weight_ih", new int[]{2, 3}, "bias_ih", new int[]{2}, "weight_hh", new int[]{6, 4}, "bias_hh", new int[]{6},
                "weight_hn", new int[]{2, 4}, "bias_hn", new int[]{2}), Tensor.randn(4, 3), new int[]{2, 2}, x -> twoLevels(c, x));
        gradCheck(new TreeGRUCell(3, 2), 3);
    }

    /** Two parents: the first with children rows 0, 1, 2, the second with row 3; then a root over both. */
    private static Tensor childSum(ChildSumTreeLSTMCell c, Tensor x) {
        Tensor s = c.leaf(x);                                                           // (4, S)
        Tensor a = Tensor.of(new float[][]{{1, 1, 1, 0}, {0, 0, 0, 1}}).to(x.dtype());
        Tensor p = c.composeAll(s, a);                                                  // (2, S)
        return c.composeAll(p, Tensor.ones(1, 2).to(x.dtype()));                       // (1, S)
    }

    @Test
    void childSumTreeLstmNamesShapesAndGradients() {
        ChildSumTreeLSTMCell c = new ChildSumTreeLSTMCell(3, 2);
        LayerTest.check(c, params("weight_ih", new int[]{6, 3}, "bias_ih", new int[]{6}, "weight_hh", new int[]{6, 2}, "bias_hh", new int[]{6},
                "weight_fh", new int[]{2, 2}, "bias_fh", new int[]{2}), Tensor.randn(4, 3), new int[]{1, 4}, x -> childSum(c, x));
        ChildSumTreeLSTMCell d = new ChildSumTreeLSTMCell(3, 2);
        d.to(DType.FLOAT64);
        List<Tensor> leaves = new ArrayList<>(List.of(GradCheck.uniform(1, -1, 1, 4, 3)));
        leaves.addAll(d.parameters());
        GradCheck.check("ChildSumTreeLSTMCell", t -> childSum(d, t[0]), leaves.toArray(new Tensor[0]));
    }

    @Test
    void childSumWithOneChildPerParentEqualsTheSumRule() {
        // h̃ of a parent is the sum of its children's h: two identical children act as one child with doubled h in U h̃
        ChildSumTreeLSTMCell c = new ChildSumTreeLSTMCell(2, 2);
        c.to(DType.FLOAT64);
        Tensor s = c.leaf(GradCheck.randn(3, 1, 2));
        Tensor two = c.composeAll(Tensor.concat(0, s, s), Tensor.ones(1, 2).to(DType.FLOAT64));
        Tensor hs = s.narrow(1, 0, 2), cs = s.narrow(1, 2, 2);
        Tensor z = io.sequoia.autograd.Functional.linear(hs.mul(2), c.weightHh, c.biasHh);
        Tensor f = io.sequoia.autograd.Functional.linear(hs, c.weightFh, c.biasFh).sigmoid();
        Tensor cc = z.narrow(1, 0, 2).sigmoid().mul(z.narrow(1, 4, 2).tanh()).add(f.mul(cs).mul(2));
        Tensor h = z.narrow(1, 2, 2).sigmoid().mul(cc.tanh());
        assertArrayEquals(Tensor.concat(1, h, cc).toDoubleArray(), two.toDoubleArray(), 1e-12);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RNTNCell(4, 3));
        assertTrue(e.getMessage().contains("inputSize must equal hiddenSize; expected 3, got 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BinaryTreeLSTMCell(3, 0));
        assertTrue(e.getMessage().contains("hiddenSize must be positive"), e.getMessage());
        BinaryTreeLSTMCell c = new BinaryTreeLSTMCell(3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> c.compose(Tensor.zeros(2, 4), Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("right must be (n, 4)") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> c.composeAll(Tensor.zeros(2, 4), Tensor.ones(1, 2)));
        e = assertThrows(IllegalArgumentException.class, () -> TreeEncoder.cell("lstm", 3, 3));
        assertTrue(e.getMessage().contains("unknown cell") && e.getMessage().contains("'lstm'"), e.getMessage());
        for (Parameter p : c.parameters()) assertEquals(DType.FLOAT32, p.dtype());
    }
}
