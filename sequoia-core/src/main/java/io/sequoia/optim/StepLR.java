package io.sequoia.optim;

/** PyTorch's {@code StepLR}: {@code lr = baseLr · gamma^(epoch / stepSize)} (integer division). */
public final class StepLR extends LrScheduler {
    public static final double DEFAULT_GAMMA = 0.1;

    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, DEFAULT_GAMMA); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        this.stepSize = Check.positive("StepLR", "stepSize", stepSize);
        this.gamma = Check.nonNegative("StepLR", "gamma", gamma);
        start();
    }

    @Override
    protected double lrAt(int epoch) { return baseLr() * Math.pow(gamma, epoch / stepSize); }
}
