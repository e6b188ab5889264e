package io.sequoia.lm;

import io.sequoia.nn.recurrent.Stateful;

/**
 * While open, a model's recurrent layer carries its state from call to call (starting from zeros);
 * closing forgets it and restores the previous mode. A no-op for models without state.
 */
final class StateScope implements AutoCloseable {
    private final Stateful s;
    private final boolean was;

    StateScope(LanguageModel m) { this(m, true); }

    /** With {@code fromZeros} false the layer keeps the state it carries (a run resumed mid-epoch). */
    StateScope(LanguageModel m, boolean fromZeros) {
        s = m.state();
        was = s != null && s.isStateful();
        if (s != null) {
            boolean keep = !fromZeros && s.isStateful();
            s.setStateful(true);
            if (!keep) s.resetStates();
        }
    }

    /** Cuts the carried state from the graph (between truncated-BPTT chunks). */
    void detach() { if (s != null) s.detachStates(); }

    @Override public void close() {
        if (s != null) {
            s.resetStates();
            s.setStateful(was);
        }
    }
}
