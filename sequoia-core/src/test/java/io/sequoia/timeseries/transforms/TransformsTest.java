package io.sequoia.timeseries.transforms;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class TransformsTest {
    static final double[] Y = {112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141};

    @Test void standardAndMinMaxScalersInvertExactlyAndFitOnTrainOnly() {
        double[] train = Arrays.copyOf(Y, 10);
        Scaler s = Scaler.standard(train);
        assertArrayEquals(Y, s.inverse(s.forward(Y)), 1e-9);
        double[] z = s.forward(train);
        assertEquals(0, Arrays.stream(z).average().orElseThrow(), 1e-12);
        Scaler mm = Scaler.minMax(train);
        assertEquals(0, mm.forward(112), 1e-12);
        assertEquals(1, mm.forward(148), 1e-12);
        assertTrue(mm.forward(104) < 0); // a test value outside the training range is not clipped
        assertArrayEquals(Y, mm.inverse(mm.forward(Y)), 1e-9);
    }

    @Test void constantTrainingPartScalesByOne() {
        assertEquals(new Scaler(5, 1), Scaler.standard(new double[]{5, 5, 5}));
    }

    @Test void logAndBoxCoxInvertExactly() {
        for (double lambda : new double[]{0, 0.5, -0.3, 1.2}) {
            BoxCox b = new BoxCox(lambda);
            assertArrayEquals(Y, b.inverse(b.forward(Y)), 1e-9, "lambda " + lambda);
        }
        assertEquals(Math.log(112), BoxCox.log().forward(112), 1e-15);
    }

    @Test void boxCoxRejectsNonPositiveValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoxCox.log().forward(0));
        assertEquals("BoxCox.forward: values must be positive; expected v > 0, got 0.0 (lambda 0.0. Hint: use --transform none for series with zeros or negatives)", e.getMessage());
    }

    @Test void fittedLambdaStabilisesAMultiplicativeSeries() {
        double[] y = new double[60];
        for (int i = 0; i < y.length; i++) y[i] = Math.exp(0.05 * i) * (1 + 0.3 * Math.sin(i));
        assertEquals(0, BoxCox.fitLambda(y).lambda(), 0.3);
    }

    @Test void differencingInvertsExactlyForOrdinaryAndSeasonalLags() {
        for (Differencing d : new Differencing[]{new Differencing(1, 1), new Differencing(1, 2), new Differencing(4, 1), new Differencing(3, 2)}) {
            double[] w = d.apply(Y);
            assertEquals(Y.length - d.loss(), w.length);
            double[] back = d.integrate(Arrays.copyOf(Y, d.loss()), w);
            assertArrayEquals(Arrays.copyOfRange(Y, d.loss(), Y.length), back, 1e-9, d.toString());
        }
        assertArrayEquals(new double[]{6, 14, -3}, new Differencing(1, 1).apply(new double[]{112, 118, 132, 129}), 1e-12);
    }

    @Test void differencingRejectsShortSeries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Differencing(12, 1).apply(new double[12]));
        assertEquals("Differencing.apply: series must be longer than lag·order; expected > 12, got 12 (lag 12, order 1)", e.getMessage());
    }
}
