package io.sequoia.nn.crf;

import io.sequoia.autograd.GradCheck;
import io.sequoia.autograd.Tensor;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CRFTest {
    private static CRF crf(int tags, boolean batchFirst, long seed) {
        Generator.manualSeed(seed);
        CRF c = new CRF(tags, batchFirst);
        c.to(DType.FLOAT64);
        // larger transitions than the init so that paths differ clearly
        c.transitions.data().copyFrom(NDArray.randn(DType.FLOAT64, new Generator(seed + 1), tags, tags));
        c.startTransitions.data().copyFrom(NDArray.randn(DType.FLOAT64, new Generator(seed + 2), tags));
        c.endTransitions.data().copyFrom(NDArray.randn(DType.FLOAT64, new Generator(seed + 3), tags));
        return c;
    }

    private static Tensor emissions(long seed, int... shape) { return new Tensor(NDArray.randn(DType.FLOAT64, new Generator(seed), shape)); }

    /** Score of one path of sequence n (batch-first emissions (N, L, T)), or −∞ if the constraints forbid it. */
    private static double pathScore(CRF c, Tensor em, int n, int[] y) {
        int T = c.numTags();
        TransitionConstraints k = c.constraints();
        double s = c.startTransitions.data().getDouble(y[0]) + em.get(n, 0, y[0]);
        if (k != null && !k.start()[y[0]]) return Double.NEGATIVE_INFINITY;
        for (int t = 1; t < y.length; t++) {
            if (k != null && !k.allowed()[y[t - 1]][y[t]]) return Double.NEGATIVE_INFINITY;
            s += c.transitions.data().getDouble(y[t - 1] * T + y[t]) + em.get(n, t, y[t]);
        }
        if (k != null && !k.end()[y[y.length - 1]]) return Double.NEGATIVE_INFINITY;
        return s + c.endTransitions.data().getDouble(y[y.length - 1]);
    }

    /** log Σ exp(score) over all T^len paths and the best path, by enumeration. */
    private static Object[] bruteForce(CRF c, Tensor em, int n, int len) {
        int T = c.numTags(), total = (int) Math.pow(T, len);
        double max = Double.NEGATIVE_INFINITY;
        int[] best = null;
        double[] scores = new double[total];
        for (int code = 0; code < total; code++) {
            int[] y = new int[len];
            for (int t = 0, r = code; t < len; t++, r /= T) y[t] = r % T;
            scores[code] = pathScore(c, em, n, y);
            if (scores[code] > max) { max = scores[code]; best = y; }
        }
        double z = 0;
        for (double s : scores) z += Math.exp(s - max);
        return new Object[]{max + Math.log(z), best};
    }

    private static Tensor mask(int[] lengths, int L) {
        double[] m = new double[lengths.length * L];
        for (int n = 0; n < lengths.length; n++) for (int t = 0; t < lengths[n]; t++) m[n * L + t] = 1;
        return new Tensor(NDArray.wrap(m, lengths.length, L));
    }

    @Test
    void logPartitionAndViterbiEqualEnumeration() {
        int[] lengths = {5, 1, 3, 4};
        for (long seed = 0; seed < 5; seed++) {
            CRF c = crf(4, true, seed);
            Tensor em = emissions(seed + 10, 4, 5, 4);
            double[] z = c.logPartition(em, mask(lengths, 5));
            List<int[]> paths = c.decode(em, mask(lengths, 5));
            for (int n = 0; n < 4; n++) {
                Object[] bf = bruteForce(c, em, n, lengths[n]);
                assertEquals((double) bf[0], z[n], 1e-10, "log Z of sequence " + n + ", seed " + seed);
                assertArrayEquals((int[]) bf[1], paths.get(n), "Viterbi path of sequence " + n + ", seed " + seed);
            }
        }
    }

    @Test
    void constrainedLogPartitionAndViterbiEqualEnumerationOverAllowedPaths() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "E-LOC");
        int[] lengths = {4, 2, 3};
        for (long seed = 0; seed < 3; seed++) {
            CRF c = crf(labels.size(), true, seed).constraints(TransitionConstraints.forScheme("BIOES", labels));
            Tensor em = emissions(seed + 20, 3, 4, labels.size());
            double[] z = c.logPartition(em, mask(lengths, 4));
            List<int[]> paths = c.decode(em, mask(lengths, 4));
            for (int n = 0; n < 3; n++) {
                Object[] bf = bruteForce(c, em, n, lengths[n]);
                assertEquals((double) bf[0], z[n], 1e-10);
                assertArrayEquals((int[]) bf[1], paths.get(n));
                assertTrue(Double.isFinite(pathScore(c, em, n, paths.get(n))), "decoded path is allowed");
            }
        }
    }

    @Test
    void logLikelihoodIsGoldScoreMinusLogPartition() {
        CRF c = crf(3, true, 4);
        Tensor em = emissions(5, 2, 3, 3);
        int[][] y = {{0, 2, 1}, {1, 1, 0}};
        Tensor tags = new Tensor(NDArray.wrap(new double[]{0, 2, 1, 1, 1, 0}, 2, 3));
        Tensor llh = c.forward(em, tags, null, "none");
        for (int n = 0; n < 2; n++) {
            double expected = pathScore(c, em, n, y[n]) - (double) bruteForce(c, em, n, 3)[0];
            assertEquals(expected, llh.get(n), 1e-10);
        }
        assertEquals(llh.get(0) + llh.get(1), c.forward(em, tags, null).item(), 1e-10);
        assertEquals((llh.get(0) + llh.get(1)) / 2, c.forward(em, tags, null, "mean").item(), 1e-10);
        assertEquals((llh.get(0) + llh.get(1)) / 6, c.forward(em, tags, null, "token_mean").item(), 1e-10);
    }

    @Test
    void gradientCheckInFloat64WithPaddingAndConstraints() {
        List<String> labels = List.of("O", "B-X", "I-X", "B-Y", "I-Y");
        CRF c = crf(labels.size(), false, 8).constraints(TransitionConstraints.forScheme("IOB2", labels));
        Tensor em = GradCheck.randn(9, 4, 3, labels.size());                       // (L, N, T)
        Tensor tags = new Tensor(NDArray.wrap(new double[]{1, 0, 3, 2, 1, 4, 0, 0, 4, 3, 0, 4}, 4, 3));
        Tensor m = new Tensor(NDArray.wrap(new double[]{1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1}, 4, 3));
        for (var p : c.parameters()) p.requiresGrad(true);
        GradCheck.check("CRF.forward", in -> c.forward(in[0], tags, m, "none"), em, c.transitions, c.startTransitions, c.endTransitions);
    }

    @Test
    void fusedEqualsComposedInValuesAndGradients() {
        List<String> labels = List.of("O", "B-X", "I-X", "E-X", "S-X");
        for (TransitionConstraints k : new TransitionConstraints[]{null, TransitionConstraints.forScheme("BIOES", labels)}) {
            CRF c = crf(5, true, 11).constraints(k);
            Tensor em = emissions(12, 3, 6, 5).requiresGrad(true);
            Tensor tags = new Tensor(NDArray.wrap(new double[]{4, 0, 1, 2, 3, 0, 0, 1, 3, 0, 0, 0, 1, 3, 4, 4, 0, 0}, 3, 6));
            Tensor m = mask(new int[]{6, 4, 5}, 6);
            Tensor a = c.forward(em, tags, m, "sum");
            a.backward();
            double[] gFused = em.grad().toDoubleArray(), tFused = c.transitions.grad().toDoubleArray();
            em.zeroGrad();
            c.zeroGrad();
            Tensor b = c.logLikelihoodComposed(em, tags, m, "sum");
            b.backward();
            assertEquals(b.item(), a.item(), 1e-9);
            assertArrayEquals(em.grad().toDoubleArray(), gFused, 1e-9);
            assertArrayEquals(c.transitions.grad().toDoubleArray(), tFused, 1e-9);
        }
    }

    @Test
    void paddedPositionsNeverChangeAnyResult() {
        CRF c = crf(4, true, 13);
        Tensor em = emissions(14, 3, 5, 4);
        Tensor tags = new Tensor(NDArray.wrap(new double[]{0, 1, 2, 3, 0, 1, 1, 3, 3, 3, 2, 2, 0, 1, 1}, 3, 5));
        Tensor m = mask(new int[]{5, 2, 3}, 5);
        Tensor other = em.copy();
        Tensor otherTags = tags.copy();
        for (int t = 2; t < 5; t++) { other.data().setDouble((5 + t) * 4 + 1, 1e3); otherTags.data().setDouble(5 + t, 0); }
        for (int t = 3; t < 5; t++) other.data().setDouble((10 + t) * 4 + 2, -77);
        assertArrayEquals(c.forward(em, tags, m, "none").toDoubleArray(), c.forward(other, otherTags, m, "none").toDoubleArray(), 0);
        List<int[]> p = c.decode(em, m), q = c.decode(other, m);
        for (int n = 0; n < 3; n++) assertArrayEquals(p.get(n), q.get(n));
        assertEquals(2, p.get(1).length);
    }

    @Test
    void aBatchOfDifferentLengthsScoresAsTheSentencesOneByOne() {
        CRF c = crf(4, true, 15);
        int[] lengths = {6, 2, 4};
        Tensor em = emissions(16, 3, 6, 4);
        double[] tagVals = new double[18];
        for (int k = 0; k < 18; k++) tagVals[k] = (k * 7) % 4;
        Tensor tags = new Tensor(NDArray.wrap(tagVals, 3, 6));
        Tensor batch = c.forward(em, tags, mask(lengths, 6), "none");
        List<int[]> paths = c.decode(em, mask(lengths, 6));
        for (int n = 0; n < 3; n++) {
            Tensor one = em.select(0, n).narrow(0, 0, lengths[n]).unsqueeze(0);
            Tensor oneTags = tags.select(0, n).narrow(0, 0, lengths[n]).unsqueeze(0);
            assertEquals(c.forward(one, oneTags, null, "none").get(0), batch.get(n), 1e-12);
            assertArrayEquals(c.decode(one, null).get(0), paths.get(n));
        }
    }

    @Test
    void batchFirstEqualsTranspose() {
        CRF a = crf(3, true, 17), b = crf(3, false, 17);
        Tensor em = emissions(18, 2, 4, 3);
        Tensor tags = new Tensor(NDArray.wrap(new double[]{0, 1, 2, 0, 2, 2, 1, 0}, 2, 4));
        Tensor m = mask(new int[]{4, 3}, 4);
        assertArrayEquals(a.forward(em, tags, m, "none").toDoubleArray(),
                b.forward(em.transpose(0, 1), tags.transpose(0, 1), m.transpose(0, 1), "none").toDoubleArray(), 1e-12);
        assertArrayEquals(a.decode(em, m).get(1), b.decode(em.transpose(0, 1), m.transpose(0, 1)).get(1));
    }

    @Test
    void float32RunsTheSameKernel() {
        CRF c = crf(4, true, 19);
        Tensor em = emissions(20, 2, 5, 4);
        double[] z64 = c.logPartition(em, null);
        c.to(DType.FLOAT32);
        double[] z32 = c.logPartition(em.to(DType.FLOAT32), null);
        assertArrayEquals(z64, z32, 1e-4);
    }

    @Test
    void badArgumentsAreNamed() {
        CRF c = new CRF(3, true);
        var e = assertThrows(IllegalArgumentException.class, () -> new CRF(0));
        assertTrue(e.getMessage().contains("numTags must be positive; expected > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.decode(Tensor.zeros(2, 4, 5), null));
        assertTrue(e.getMessage().contains("emissions.size(2) must equal numTags; expected 3, got 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.decode(Tensor.zeros(2, 4, 3), Tensor.ones(4, 2)));
        assertTrue(e.getMessage().contains("mask must have the emissions' first two dimensions; expected [2, 4], got [4, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.decode(Tensor.zeros(1, 3, 3), Tensor.of(new float[][]{{1, 0, 1}})));
        assertTrue(e.getMessage().contains("mask must be real steps then padding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.decode(Tensor.zeros(1, 3, 3), Tensor.of(new float[][]{{0, 0, 0}})));
        assertTrue(e.getMessage().contains("the mask of the first timestep must all be on"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 2, 3), Tensor.of(new float[][]{{0, 3}}), null));
        assertTrue(e.getMessage().contains("tags must be integers in [0, numTags); expected [0, 3), got 3.0 (sequence 0, step 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2), null, "avg"));
        assertTrue(e.getMessage().contains("unknown reduction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransitionConstraints.forScheme("BIOES", List.of("O", "X-PER")));
        assertTrue(e.getMessage().contains("got X-PER (label 1)"), e.getMessage());
        CRF k = new CRF(3, true).constraints(TransitionConstraints.forScheme("IOB2", List.of("O", "B-A", "I-A")));
        e = assertThrows(IllegalArgumentException.class, () -> k.forward(Tensor.zeros(1, 2, 3), Tensor.of(new float[][]{{0, 2}}), null));
        assertTrue(e.getMessage().contains("tags must not contain a move the transition constraints forbid"), e.getMessage());
    }

    @Test
    void configRoundTripKeepsConstraints() {
        CRF c = new CRF(3, true).constraints(TransitionConstraints.forScheme("IOB2", List.of("O", "B-A", "I-A")));
        CRF d = CRF.fromConfig(c.config());
        assertEquals(3, d.numTags());
        assertTrue(d.batchFirst());
        assertFalse(d.constraints().allowed()[0][2]);
        assertEquals(List.of("start_transitions", "end_transitions", "transitions"), List.copyOf(d.namedParameters().keySet()));
    }
}
