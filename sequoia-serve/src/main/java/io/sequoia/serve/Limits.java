package io.sequoia.serve;

/**
 * What one request may ask for; a request over a limit gets 413 naming it (see {@link ApiException#overLimit}).
 *
 * @param maxBodyBytes      bytes in a request body
 * @param maxInstances      instances in one {@code :predict} call
 * @param maxTextChars      characters in one text or prompt
 * @param maxSeriesLength   values in one series (forecasters)
 * @param maxNewTokens      tokens one generation may produce
 * @param maxHorizon        steps one forecast may ask for
 */
public record Limits(long maxBodyBytes, int maxInstances, int maxTextChars, int maxSeriesLength, int maxNewTokens, int maxHorizon) {
    public Limits {
        if (maxBodyBytes < 1 || maxInstances < 1 || maxTextChars < 1 || maxSeriesLength < 1 || maxNewTokens < 1 || maxHorizon < 1) {
            throw new IllegalArgumentException("Limits: every limit must be positive; got body " + maxBodyBytes + ", instances " + maxInstances
                    + ", text " + maxTextChars + ", series " + maxSeriesLength + ", new tokens " + maxNewTokens + ", horizon " + maxHorizon);
        }
    }

    /** 1 MiB bodies, 256 instances, 20 000 characters, 10 000 values, 1 000 new tokens, 1 000 forecast steps. */
    public static Limits defaults() { return new Limits(1 << 20, 256, 20_000, 10_000, 1_000, 1_000); }

    public Limits withMaxBodyBytes(long v) { return new Limits(v, maxInstances, maxTextChars, maxSeriesLength, maxNewTokens, maxHorizon); }
    public Limits withMaxInstances(int v) { return new Limits(maxBodyBytes, v, maxTextChars, maxSeriesLength, maxNewTokens, maxHorizon); }
    public Limits withMaxTextChars(int v) { return new Limits(maxBodyBytes, maxInstances, v, maxSeriesLength, maxNewTokens, maxHorizon); }
    public Limits withMaxSeriesLength(int v) { return new Limits(maxBodyBytes, maxInstances, maxTextChars, v, maxNewTokens, maxHorizon); }
    public Limits withMaxNewTokens(int v) { return new Limits(maxBodyBytes, maxInstances, maxTextChars, maxSeriesLength, v, maxHorizon); }
    public Limits withMaxHorizon(int v) { return new Limits(maxBodyBytes, maxInstances, maxTextChars, maxSeriesLength, maxNewTokens, v); }

    /** Refuses a text longer than {@link #maxTextChars}. */
    public String text(String s, String what) {
        if (s.length() > maxTextChars) throw ApiException.overLimit("max_text_chars", maxTextChars, s.length(), what);
        return s;
    }
}
