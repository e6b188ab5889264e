package io.sequoia.tree;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.data.text.Vocabulary;
import io.sequoia.nn.ModuleRegistryTest;
import io.sequoia.nn.ModuleRegistryTest.Sample;
import io.sequoia.nn.tree.TreeCell;
import io.sequoia.nn.tree.TreeEncoder;
import io.sequoia.nn.tree.TreeTopology;
import io.sequoia.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The tree modules are rebuilt from their descriptions alone (the registry's test, for this lab's modules). */
class TreeModulesRegistryTest {
    private static final List<TreeTopology> TREES = List.of(new TreeTopology(new int[][]{{}, {}, {0, 1}, {}, {2, 3}}),
            new TreeTopology(new int[][]{{}}));

    private static Tensor x(int n, int e) {
        Generator.manualSeed(4);
        return Tensor.randn(n, e);
    }

    @Test
    void everyTreeModuleRebuilds() {
        Generator.manualSeed(1);
        for (String cell : TreeEncoder.CELLS) {
            TreeEncoder enc = new TreeEncoder(cell, 3, 3);
            ModuleRegistryTest.assertRebuilds(new Sample(enc, m -> ((TreeEncoder) m).forward(TREES, x(4, 3))));
            TreeCell c = TreeEncoder.cell(cell, 3, 3);
            ModuleRegistryTest.assertRebuilds(new Sample(c, m -> ((TreeCell) m).leaf(x(2, 3))));
        }
        SentimentTreeNet net = new SentimentTreeNet("treelstm", 6, 4, 3, 5, 0.2);
        Vocabulary v = Vocabulary.of(List.of("<unk>", "not", "good", "bad", "a", "film"), "<unk>");
        TreeBatch b = TreeBatch.of(List.of(TreeReader.parse("(1 (2 not) (3 good))")), v, true, l -> SentimentLabels.target(l, 5),
                SentimentLabels.IGNORE);
        ModuleRegistryTest.assertRebuilds(new Sample(net, m -> ((SentimentTreeNet) m).forward(b)));
    }
}
