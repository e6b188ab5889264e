package io.sequoia.data.decoding;

import io.sequoia.autograd.Tensor;

/**
 * One decoding step of an autoregressive model, the only thing {@link GreedySearch} and
 * {@link BeamSearch} need: given the states of k hypotheses and their last tokens, the
 * log-probabilities of every next token and the new states. A recurrent model's state is its
 * hidden state (plus the encoded source); a Transformer's is its key/value cache. The model
 * carries the state forward, so no step recomputes the prefix.
 *
 * @param <S> the states of a batch of hypotheses (row i belongs to hypothesis i)
 */
public interface StepDecoder<S> {
    /** Log-probabilities (k, V) of the token after {@code lastTokens} (length k), and the states after it. */
    Step<S> step(S states, int[] lastTokens);

    /** The states of hypotheses {@code rows}, in that order (rows may repeat: beam expansion). */
    S select(S states, int[] rows);

    /** A step's result. */
    record Step<S>(Tensor logProbs, S states) {}
}
