package io.sequoia.optim;

/** PyTorch's {@code ExponentialLR}: {@code lr = baseLr · gamma^epoch}. */
public final class ExponentialLR extends LrScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = Check.nonNegative("ExponentialLR", "gamma", gamma);
        start();
    }

    @Override
    protected double lrAt(int epoch) { return baseLr() * Math.pow(gamma, epoch); }
}
