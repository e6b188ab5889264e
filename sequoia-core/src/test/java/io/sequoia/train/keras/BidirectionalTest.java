package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.recurrent.LstmOutput;
import io.sequoia.nn.recurrent.RnnOutput;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static io.sequoia.train.keras.Seqs.close;
import static io.sequoia.train.keras.Seqs.mask;
import static io.sequoia.train.keras.Seqs.randn;
import static io.sequoia.train.keras.Seqs.reverse;
import static io.sequoia.train.keras.Seqs.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BidirectionalTest {
    static final int N = 3, T = 5, F = 4, H = 6;
    static final double TOL = 1e-5;

    @BeforeEach
    void seed() { Generator.manualSeed(21); }

    static List<Supplier<RecurrentLayer>> kinds() {
        return List.of(() -> new SimpleRNN(H), () -> new LSTM(H), () -> new GRU(H));
    }

    @Test
    void concatIsForwardThenBackwardInInputOrder() {
        Tensor x = randn(1, N, T, F), m = mask(T, false, 5, 3, 0);
        for (Supplier<RecurrentLayer> kind : kinds()) {
            Bidirectional b = new Bidirectional(kind.get().returnSequences(true));
            Tensor out = b.forward(x, m);
            assertArrayEquals(new int[]{N, T, 2 * H}, out.shape());
            Tensor f = b.forwardLayer().forward(x, m);
            Tensor back = reverse(b.backwardLayer().returnSequences(true).goBackwards(true).forward(x, m));
            close(Tensor.concat(2, f, back), out, TOL);
            close(m, b.computeMask(x, m), 0);
        }
    }

    @Test
    void sumMulAveAndNone() {
        Tensor x = randn(2, N, T, F), m = mask(T, true, 2, 5, 4);
        for (Supplier<RecurrentLayer> kind : kinds()) {
            for (boolean seq : new boolean[]{false, true}) {
                RecurrentLayer layer = kind.get().returnSequences(seq);
                Bidirectional none = new Bidirectional(layer, "none");
                BidirectionalOutput o = none.forwardWithState(x, m);
                assertNull(o.output());
                Tensor f = o.forwardOutput(), bk = o.backwardOutput();
                assertArrayEquals(seq ? new int[]{N, T, H} : new int[]{N, H}, f.shape());
                for (String mode : new String[]{"concat", "sum", "mul", "ave"}) {
                    Bidirectional b = new Bidirectional(layer, mode);
                    b.loadStateDict(none.stateDict(), true);
                    Tensor expected = switch (mode) {
                        case "concat" -> Tensor.concat(-1, f, bk);
                        case "sum" -> f.add(bk);
                        case "mul" -> f.mul(bk);
                        default -> f.add(bk).div(2);
                    };
                    close(expected, b.forward(x, m), TOL);
                }
                assertThrows(IllegalStateException.class, () -> none.forward(x, m));
            }
        }
    }

    /** Bidirectional(LSTM) has the keys of a bidirectional torch.nn.LSTM and computes the same thing, padding included. */
    @Test
    void equalsPyTorchsBidirectionalLstm() {
        Tensor x = randn(3, N, T, F);
        for (Tensor m : new Tensor[]{null, mask(T, false, 5, 2, 0), mask(T, true, 3, 5, 1)}) {
            Bidirectional b = new Bidirectional(new LSTM(H).returnSequences(true));
            b.forward(x, m);
            io.sequoia.nn.recurrent.LSTM torch = new io.sequoia.nn.recurrent.LSTM(F, H, 1, true, true, 0, true);
            assertEquals(torch.namedParameters().keySet(), b.namedParameters().keySet());
            torch.loadStateDict(b.stateDict(), true);
            LstmOutput ref = torch.forwardMasked(x, null, null, m);
            close(ref.output(), b.forward(x, m), TOL);
            BidirectionalOutput o = b.forwardWithState(x, m);
            close(ref.hN().select(0, 0), o.forwardH(), TOL);
            close(ref.hN().select(0, 1), o.backwardH(), TOL);
            close(ref.cN().select(0, 1), o.backwardC(), TOL);
            b.forwardLayer().returnSequences(false);
            close(Tensor.concat(1, ref.hN().select(0, 0), ref.hN().select(0, 1)), b.forward(x, m), TOL);
        }
        Bidirectional g = new Bidirectional(new GRU(H, true, F));
        io.sequoia.nn.recurrent.GRU torch = new io.sequoia.nn.recurrent.GRU(F, H, 1, true, true, 0, true);
        torch.loadStateDict(g.stateDict(), true);
        RnnOutput ref = torch.forwardMasked(x, null, mask(T, true, 3, 5, 1));
        close(Tensor.concat(1, ref.hN().select(0, 0), ref.hN().select(0, 1)), g.forward(x, mask(T, true, 3, 5, 1)), TOL);
    }

    /** The backward half reverses each sequence within its real steps: a padded batch equals each sequence alone. */
    @Test
    void paddedBatchEqualsEachSequenceAlone() {
        Tensor x = randn(4, N, T, F);
        int[] lengths = {5, 2, 3};
        for (boolean pre : new boolean[]{false, true}) {
            for (Supplier<RecurrentLayer> kind : kinds()) {
                Bidirectional b = new Bidirectional(kind.get().returnSequences(true));
                Tensor batch = b.forward(x, mask(T, pre, lengths));
                for (int i = 0; i < N; i++) {
                    int from = pre ? T - lengths[i] : 0;
                    close(b.forward(row(x, i, from, lengths[i]), null), batch.narrow(0, i, 1).narrow(1, from, lengths[i]), TOL);
                }
            }
        }
    }

    @Test
    void returnStateGivesBothHalves() {
        Bidirectional b = new Bidirectional(new LSTM(H).returnState(true));
        BidirectionalOutput o = b.forwardWithState(randn(5, N, T, F), null);
        for (Tensor t : new Tensor[]{o.forwardH(), o.forwardC(), o.backwardH(), o.backwardC()}) assertArrayEquals(new int[]{N, H}, t.shape());
        assertArrayEquals(new int[]{N, 2 * H}, o.output().shape());
        assertThrows(IllegalStateException.class, () -> b.forward(randn(5, N, T, F)));
    }

    @Test
    void errors() {
        assertEquals("Bidirectional: unknown mergeMode; expected one of [concat, sum, mul, ave, none], got avg",
                assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(H), "avg")).getMessage());
        assertEquals("Bidirectional: layer must not be null; expected a SimpleRNN, LSTM or GRU, got null",
                assertThrows(IllegalArgumentException.class, () -> new Bidirectional(null)).getMessage());
        var e = assertThrows(ShapeMismatchException.class, () -> new Bidirectional(new GRU(H)).forward(randn(1, T, F)));
        assertEquals("Bidirectional.forward: input must be 3-D (N, T, F), batch first; expected 3 dims, got 2 (input shape [5, 4])", e.getMessage());
        var e2 = assertThrows(ShapeMismatchException.class, () -> new Bidirectional(new GRU(H)).forward(randn(1, N, T, F), Tensor.ones(T, N)));
        assertEquals("Bidirectional.forward: mask must be (N, T) for an input (N, T, ...); expected [3, 5], got [5, 3] (input shape [3, 5, 4])",
                e2.getMessage());
    }
}
