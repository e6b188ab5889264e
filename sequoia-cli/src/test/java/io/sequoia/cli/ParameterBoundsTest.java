package io.sequoia.cli;

import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.data.tree.Tree;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.tagging.Tagger;
import io.sequoia.translation.TranslatorTrainer;
import io.sequoia.tree.TreeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory refusals of {@code train tagger}, {@code train tree} and {@code train translator} must never refuse a
 * model that fits: their parameter estimates are lower bounds of the real count (and not far below it: within a
 * factor 3), for every model kind, with the vocabulary the model really has.
 */
class ParameterBoundsTest {
    @TempDir Path tmp;

    private static void check(String what, double bound, long real) {
        assertTrue(bound <= real, "a lower bound: " + what + ": bound " + bound + ", real " + real);
        assertTrue(bound >= real / 3.0, "a close one: " + what + ": bound " + bound + ", real " + real);
    }

    @Test void tagger() {
        List<TaggedSentence> train = new ArrayList<>();
        for (int i = 0; i < 40; i++) train.add(TaggedSentence.of(List.of("w" + i, "Peter", "runs"), List.of("O", "B-PER", "O")));
        for (String model : Tagger.MODELS) {
            for (String chars : io.sequoia.tagging.SequenceTagger.CHAR_MODES) {
                for (int[] s : new int[][] {{16, 8}, {50, 100}, {100, 200}}) {
                    Tagger.Spec d = Tagger.Spec.DEFAULT;
                    Tagger.Spec spec = new Tagger.Spec(model, chars, s[0], d.charDim(), d.charFeatures(), d.casingDim(), s[1], 0.5, d.scheme(), d.unkReplace());
                    Tagger t = Tagger.create(spec, train);
                    int vocab = Tagger.vocabularySize(train, null);
                    check(model + " char " + chars + " embed " + s[0] + " hidden " + s[1],
                            io.sequoia.cli.tagging.TrainTaggerCommand.parameterBound(model.startsWith("bigru") ? 3 : 4, vocab, s[0], s[1], chars), t.network().parameterCount());
                }
            }
        }
    }

    @Test void tree() throws Exception {
        Path f = tmp.resolve("trees.txt");
        Files.writeString(f, "(3 (2 good) (3 (2 warm) (3 film)))\n(1 (2 a) (1 (1 dull) (2 one)))\n");
        List<Tree> train = TreeReader.readLabelled(f, 5);
        for (String cell : io.sequoia.nn.tree.TreeEncoder.CELLS) {
            for (int[] s : new int[][] {{8, 8}, {30, 30}, {300, 150}}) {
                if ((cell.equals("recnn") || cell.equals("rntn")) && s[0] != s[1]) continue;   // their leaves are the word vectors
                TreeClassifier.Spec d = TreeClassifier.Spec.defaults(cell, 5);
                TreeClassifier.Spec spec = new TreeClassifier.Spec(cell, s[0], s[1], 5, d.dropout(), d.lowercase(), d.paperLeaf());
                TreeClassifier c = TreeClassifier.create(spec, train);
                double bound = io.sequoia.cli.tree.TrainTreeCommand.parameterBound(cell, s[0], s[1], 5) + (double) TreeClassifier.vocabularySize(spec, train, null) * s[0];
                check(cell + " embed " + s[0] + " hidden " + s[1], bound, c.net().parameterCount());
            }
        }
    }

    @Test void translator() throws Exception {
        Path src = tmp.resolve("s.txt"), tgt = tmp.resolve("t.txt");
        Files.writeString(src, "ein hund .\nzwei katzen .\nein haus .\n");
        Files.writeString(tgt, "a dog .\ntwo cats .\na house .\n");
        ParallelCorpus corpus = ParallelCorpus.readAligned(src, tgt, ParallelCorpus.Options.defaults());
        for (String model : List.of("gru-attention", "lstm-attention", "gru", "lstm", "transformer")) {
            for (int[] s : new int[][] {{16, 32, 1, 64}, {64, 128, 2, 256}}) {
                TranslatorTrainer.Options o = new TranslatorTrainer.Options();
                o.model = model;
                o.bpe = 0;
                o.embedDim = s[0];
                o.hidden = s[1];
                o.layers = s[2];
                o.feedforward = s[3];
                o.heads = 4;
                io.sequoia.translation.Translator t = TranslatorTrainer.create(corpus, o);
                // the bound counts vocabularies of only 2 before reading; here with 2 as well, so it stays below the real count
                double bound = io.sequoia.cli.translation.TrainTranslatorCommand.parameterBound(model, 2, 2, s[0], s[1], s[2], s[3]);
                long real = t.model().parameterCount();
                assertTrue(bound <= real, "a lower bound: " + model + " " + java.util.Arrays.toString(s) + ": bound " + bound + ", real " + real);
                assertTrue(bound >= real / 3.0, "a close one: " + model + " " + java.util.Arrays.toString(s) + ": bound " + bound + ", real " + real);
            }
        }
    }
}
