package io.sequoia.optim;

import io.sequoia.tensor.Errors;

import java.util.function.IntToDoubleFunction;

/** PyTorch's {@code LambdaLR}: {@code lr = baseLr · lrLambda(epoch)}, for schedules of your own. */
public final class LambdaLR extends LrScheduler {
    private final IntToDoubleFunction lrLambda;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        super(optimizer);
        if (lrLambda == null) throw Errors.arg("LambdaLR", "lrLambda must not be null", "a function", null, null);
        this.lrLambda = lrLambda;
        start();
    }

    @Override
    protected double lrAt(int epoch) { return baseLr() * lrLambda.applyAsDouble(epoch); }
}
