/**
 * Optimizers, learning-rate schedulers and gradient clipping with PyTorch's update rules,
 * argument names and defaults: {@link io.sequoia.optim.SGD}, {@link io.sequoia.optim.Adam},
 * {@link io.sequoia.optim.AdamW}, {@link io.sequoia.optim.RMSprop}, {@link io.sequoia.optim.Adagrad}
 * on {@link io.sequoia.optim.Optimizer}; {@link io.sequoia.optim.LrScheduler} subclasses and
 * {@link io.sequoia.optim.ReduceLROnPlateau}; {@link io.sequoia.optim.GradClip}.
 *
 * <pre>
 * Optimizer opt = new Adam(model.parameters());
 * LrScheduler sched = new StepLR(opt, 10);
 * for (int epoch = 0; epoch &lt; epochs; epoch++) {
 *     for (Batch b : batches) { opt.zeroGrad(); loss(b).backward(); GradClip.clipGradNorm(opt.params(), 1.0); opt.step(); }
 *     sched.step();
 * }
 * </pre>
 */
package io.sequoia.optim;
