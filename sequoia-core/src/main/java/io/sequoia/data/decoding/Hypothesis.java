package io.sequoia.data.decoding;

/**
 * A decoded sequence: its tokens (without the start token and without the end token), the sum of
 * its tokens' log-probabilities (the end token's included when it ended) and the score it was
 * ranked by (the log-probability divided by the length penalty).
 */
public record Hypothesis(int[] tokens, double logProb, double score) {}
