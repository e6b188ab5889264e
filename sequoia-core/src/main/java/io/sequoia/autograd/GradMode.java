package io.sequoia.autograd;

/**
 * Whether operations record a graph, per thread. {@code try (var g = GradMode.noGrad()) { ... }} is
 * PyTorch's {@code torch.no_grad()}.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {}

    public static boolean isEnabled() { return ENABLED.get(); }

    /** A scope in which nothing is recorded; closing it restores the previous mode. */
    public static Scope noGrad() { return set(false); }

    /** A scope in which recording is on, even inside a no-grad scope. */
    public static Scope enableGrad() { return set(true); }

    private static Scope set(boolean on) {
        boolean prev = ENABLED.get();
        ENABLED.set(on);
        return () -> ENABLED.set(prev);
    }

    /** An {@link AutoCloseable} that does not throw. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }
}
