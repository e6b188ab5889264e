package io.sequoia.data.decoding;

import io.sequoia.tensor.Errors;

import java.util.Locale;

/**
 * How beam search compares hypotheses of different lengths: a finished hypothesis of n tokens
 * (the end token counted) is ranked by {@code logProb / penalty(n)}.
 * <ul>
 * <li>{@code NONE}: penalty 1 (raw log-probability, which favours short outputs);</li>
 * <li>{@code AVERAGE}: {@code n^alpha} (alpha = 1 is the mean log-probability per token);</li>
 * <li>{@code GNMT}: {@code ((5 + n) / 6)^alpha} (Wu et al., 2016).</li>
 * </ul>
 */
public record LengthPenalty(Kind kind, double alpha) {
    public enum Kind { NONE, AVERAGE, GNMT }

    public LengthPenalty {
        if (kind == null) throw Errors.arg("LengthPenalty", "kind must not be null", "none, average or gnmt", null, null);
        if (!(alpha >= 0 && Double.isFinite(alpha))) throw Errors.arg("LengthPenalty", "alpha must be non-negative", ">= 0", alpha, null);
    }

    public static LengthPenalty none() { return new LengthPenalty(Kind.NONE, 0); }
    public static LengthPenalty average(double alpha) { return new LengthPenalty(Kind.AVERAGE, alpha); }
    public static LengthPenalty gnmt(double alpha) { return new LengthPenalty(Kind.GNMT, alpha); }

    /** Parses {@code none}, {@code average:1.0} or {@code gnmt:0.6} (the alpha after the colon; default 1). */
    public static LengthPenalty parse(String s) {
        String[] p = s.trim().toLowerCase(Locale.ROOT).split(":", 2);
        double a = 1.0;
        if (p.length == 2) {
            try { a = Double.parseDouble(p[1]); } catch (NumberFormatException e) {
                throw Errors.arg("LengthPenalty.parse", "alpha must be a number", "e.g. gnmt:0.6", s, null);
            }
        }
        return switch (p[0]) {
            case "none" -> none();
            case "average" -> average(a);
            case "gnmt" -> gnmt(a);
            default -> throw Errors.arg("LengthPenalty.parse", "unknown length penalty", "none, average[:alpha] or gnmt[:alpha]", s, null);
        };
    }

    public double penalty(int length) {
        return switch (kind) {
            case NONE -> 1.0;
            case AVERAGE -> Math.pow(Math.max(1, length), alpha);
            case GNMT -> Math.pow((5.0 + length) / 6.0, alpha);
        };
    }

    @Override public String toString() { return kind == Kind.NONE ? "none" : kind.name().toLowerCase(Locale.ROOT) + ":" + alpha; }
}
