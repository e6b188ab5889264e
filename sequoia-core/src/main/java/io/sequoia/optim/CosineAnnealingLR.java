package io.sequoia.optim;

/**
 * PyTorch's {@code CosineAnnealingLR} in closed form:
 * {@code lr = etaMin + (baseLr − etaMin) · (1 + cos(π · epoch / tMax)) / 2}; after tMax epochs the
 * cosine carries on (the lr rises again), as in PyTorch.
 */
public final class CosineAnnealingLR extends LrScheduler {
    public static final double DEFAULT_ETA_MIN = 0;

    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, DEFAULT_ETA_MIN); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        this.tMax = Check.positive("CosineAnnealingLR", "tMax", tMax);
        this.etaMin = Check.nonNegative("CosineAnnealingLR", "etaMin", etaMin);
        start();
    }

    @Override
    protected double lrAt(int epoch) {
        return etaMin + (baseLr() - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
