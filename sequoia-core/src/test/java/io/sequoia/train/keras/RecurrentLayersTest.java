package io.sequoia.train.keras;

import io.sequoia.autograd.Tensor;
import io.sequoia.nn.recurrent.LstmOutput;
import io.sequoia.nn.recurrent.RNN;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.ShapeMismatchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentLayersTest {
    static final int N = 3, T = 5, F = 4, H = 6;
    static final double TOL = 1e-5;

    @BeforeEach
    void seed() { Generator.manualSeed(11); }

    static List<Supplier<RecurrentLayer>> kinds() {
        return List.of(() -> new SimpleRNN(H), () -> new SimpleRNN(H, "relu"), () -> new LSTM(H), () -> new GRU(H),
                () -> new LSTM(H, false, F));
    }

    @Test
    void shapesForEveryOptionCombination() {
        Tensor x = randn(1, N, T, F), m = mask(T, false, 5, 2, 0);
        for (Supplier<RecurrentLayer> kind : kinds()) {
            for (int bits = 0; bits < 16; bits++) {
                boolean seq = (bits & 1) != 0, state = (bits & 2) != 0, back = (bits & 4) != 0;
                Tensor mk = (bits & 8) != 0 ? m : null;
                RecurrentLayer l = kind.get().returnSequences(seq).returnState(state).goBackwards(back);
                String what = l.getClass().getSimpleName() + " seq=" + seq + " state=" + state + " back=" + back + " mask=" + (mk != null);
                RecurrentOutput o = l.forwardWithState(x, mk);
                assertArrayEquals(seq ? new int[]{N, T, H} : new int[]{N, H}, o.output().shape(), what);
                assertArrayEquals(new int[]{N, H}, o.h().shape(), what);
                if (l instanceof LSTM) assertArrayEquals(new int[]{N, H}, o.c().shape(), what);
                else assertNull(o.c(), what);
                if (state) assertThrows(IllegalStateException.class, () -> l.forward(x, mk), what);
                else close(o.output(), l.forward(x, mk), 0);
                Tensor om = l.computeMask(x, mk);
                if (seq && mk != null) assertArrayEquals(new int[]{N, T}, om.shape(), what);
                else assertNull(om, what);
            }
        }
    }

    /** The output at the last real step of the output mask, or zeros for a row without one. */
    static Tensor lastReal(Tensor seq, Tensor outMask) {
        List<Tensor> rows = new ArrayList<>();
        for (int i = 0; i < seq.size(0); i++) {
            int last = -1;
            for (int s = 0; s < seq.size(1); s++) if (outMask.get(i, s) != 0) last = s;
            rows.add(last < 0 ? Tensor.zeros(seq.size(2)) : seq.select(0, i).select(0, last));
        }
        return Tensor.stack(0, rows.toArray(new Tensor[0]));
    }

    @Test
    void lastOutputIsTheLastRealStepOfTheSequenceForPostAndPrePadding() {
        Tensor x = randn(2, N, T, F);
        for (Supplier<RecurrentLayer> kind : kinds()) {
            for (boolean pre : new boolean[]{false, true}) {
                for (boolean back : new boolean[]{false, true}) {
                    Tensor m = mask(T, pre, 3, 5, 0);
                    RecurrentLayer l = kind.get().goBackwards(back).returnSequences(true);
                    Tensor seq = l.forward(x, m), outMask = l.computeMask(x, m);
                    Tensor last = l.returnSequences(false).forward(x, m);
                    close(lastReal(seq, outMask), last, TOL);
                    for (int i = 0; i < N; i++) for (int s = 0; s < T; s++) {
                        if (outMask.get(i, s) == 0) assertEquals(0, seq.get(i, s, 0), "padded step outputs 0");
                    }
                }
            }
        }
    }

    @Test
    void goBackwardsEqualsRunningOnTheReversedInput() {
        Tensor x = randn(3, N, T, F), m = mask(T, false, 5, 3, 1);
        for (Supplier<RecurrentLayer> kind : kinds()) {
            RecurrentLayer l = kind.get().returnSequences(true);
            Tensor forwardOnReversed = l.forward(reverse(x), reverse(m));
            Tensor backwards = l.goBackwards(true).forward(x, m);
            close(forwardOnReversed, backwards, TOL);
            close(reverse(m), l.computeMask(x, m), 0);
            close(l.goBackwards(false).forward(reverse(x), null), l.goBackwards(true).forward(x, null), TOL);
        }
    }

    /** Keras semantics on post-padding: [a b c 0 0] backwards reads c, b, a — the same as the real steps reversed, alone. */
    @Test
    void goBackwardsOnAPaddedBatchEqualsEachReversedSequenceAlone() {
        Tensor x = randn(4, N, T, F);
        int[] lengths = {5, 3, 1};
        for (Supplier<RecurrentLayer> kind : kinds()) {
            RecurrentLayer l = kind.get().goBackwards(true);
            Tensor batch = l.forward(x, mask(T, false, lengths));
            for (int i = 0; i < N; i++) {
                Tensor alone = l.goBackwards(false).forward(reverse(row(x, i, 0, lengths[i])), null);
                close(alone, batch.narrow(0, i, 1), TOL);
                l.goBackwards(true);
            }
        }
    }

    @Test
    void initialStatesAreUsed() {
        Tensor x = randn(5, N, T, F), h0 = randn(6, N, H), c0 = randn(7, N, H);
        LSTM l = new LSTM(H);
        RecurrentOutput o = l.forwardWithState(x, null, h0, c0);
        LstmOutput ref = ((io.sequoia.nn.recurrent.LSTM) l.module()).forward(x, h0.unsqueeze(0), c0.unsqueeze(0));
        close(ref.hN().select(0, 0), o.h(), TOL);
        close(ref.cN().select(0, 0), o.c(), TOL);
        GRU g = new GRU(H, true, F);
        close(((io.sequoia.nn.recurrent.GRU) g.module()).forward(x, h0.unsqueeze(0)).hN().select(0, 0), g.forwardWithState(x, null, h0, null).h(), TOL);
    }

    @Test
    void keysAndWeightsArePyTorchs() {
        Tensor x = randn(8, N, T, F), m = mask(T, true, 5, 2, 4);
        LSTM l = new LSTM(H);
        l.forward(x);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"), new ArrayList<>(l.namedParameters().keySet()));
        assertArrayEquals(new int[]{4 * H, F}, l.namedParameters().get("weight_ih_l0").shape());
        io.sequoia.nn.recurrent.LSTM torch = new io.sequoia.nn.recurrent.LSTM(F, H, 1, true, true, 0, false);
        torch.loadStateDict(l.stateDict(), true);
        close(torch.forwardMasked(x, null, null, m).output(), l.returnSequences(true).forward(x, m), TOL);
        SimpleRNN r = new SimpleRNN(H, "relu", true, F);
        RNN rt = new RNN(F, H, 1, "relu", true, true, 0, false);
        rt.loadStateDict(r.stateDict(), true);
        close(rt.forwardMasked(x, null, m).hN().select(0, 0), r.forward(x, m), TOL);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), new ArrayList<>(new GRU(H, false, F).namedParameters().keySet()));
        assertArrayEquals(new int[]{3 * H, H}, new GRU(H, false, F).namedParameters().get("weight_hh_l0").shape());
    }

    @Test
    void gradientsReachTheWeightsThroughAMask() {
        Tensor x = randn(9, N, T, F), m = mask(T, false, 5, 2, 0);
        for (Supplier<RecurrentLayer> kind : kinds()) {
            RecurrentLayer l = kind.get().returnSequences(true);
            l.forward(x, m).sum().backward();
            l.parameters().forEach(p -> assertTrue(p.grad() != null && p.grad().abs().sum().item() > 0, l.getClass().getSimpleName()));
        }
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void wrongRankIsAShapeError() {
        var e = assertThrows(ShapeMismatchException.class, () -> new LSTM(H).forward(randn(1, N, F)));
        assertEquals("LSTM.forward: input must be 3-D (N, T, F), batch first; expected 3 dims, got 2 (input shape [3, 4])", e.getMessage());
    }

    @Test
    void wrongMaskShapeIsAShapeError() {
        var e = assertThrows(ShapeMismatchException.class, () -> new GRU(H).forward(randn(1, N, T, F), Tensor.ones(N, T + 1)));
        assertEquals("GRU.forward: mask must be (N, T) for an input (N, T, ...); expected [3, 5], got [3, 6] (input shape [3, 5, 4])",
                e.getMessage());
    }

    @Test
    void featureSizeMustStayTheSame() {
        SimpleRNN l = new SimpleRNN(H);
        l.forward(randn(1, N, T, F));
        var e = assertThrows(ShapeMismatchException.class, () -> l.forward(randn(1, N, T, F + 1)));
        assertEquals("SimpleRNN.forward: input.size(-1) must equal the layer's input size; expected 4, got 5 (input shape [3, 5, 5])",
                e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("LSTM: units must be positive; expected > 0, got 0",
                assertThrows(IllegalArgumentException.class, () -> new LSTM(0)).getMessage());
        assertEquals("SimpleRNN: activation must be 'tanh' or 'relu'; expected 'tanh' or 'relu', got sigmoid",
                assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(H, "sigmoid")).getMessage());
        assertEquals("GRU: inputSize must be positive (or -1 to take it from the first input); expected > 0, got 0",
                assertThrows(IllegalArgumentException.class, () -> new GRU(H, true, 0)).getMessage());
    }

    @Test
    void returnStateRefusesASingleOutput() {
        RecurrentLayer l = new LSTM(H).returnState(true);
        var e = assertThrows(IllegalStateException.class, () -> l.forward(randn(1, N, T, F)));
        assertTrue(e.getMessage().startsWith("LSTM.forward: a layer with returnState returns its states as well as its output. "
                + "Hint: call forwardWithState"), e.getMessage());
    }

    @Test
    void initialStateErrors() {
        Tensor x = randn(1, N, T, F);
        var e = assertThrows(ShapeMismatchException.class, () -> new LSTM(H).forwardWithState(x, null, Tensor.zeros(N, H + 1), null));
        assertEquals("LSTM.forward: initialH must be (N, units); expected [3, 6], got [3, 7]", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new GRU(H).forwardWithState(x, null, null, Tensor.zeros(N, H)));
        assertEquals("GRU.forward: initialC is only for LSTM; expected null, got a tensor", e2.getMessage());
    }
}
