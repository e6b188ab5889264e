package io.sequoia.tensor;

import java.util.Arrays;

/**
 * The one place error messages are built, in one form:
 * {@code Where: rule; expected X, got Y (context)} with an optional {@code Hint:}.
 */
public final class Errors {
    private Errors() {}

    public static String format(String where, String rule, Object expected, Object got, String context) {
        StringBuilder sb = new StringBuilder(where).append(": ").append(rule);
        if (expected != null || got != null) {
            sb.append("; expected ").append(str(expected)).append(", got ").append(str(got));
        }
        if (context != null && !context.isEmpty()) sb.append(" (").append(context).append(')');
        return sb.toString();
    }

    public static String withHint(String message, String hint) {
        return message + ". Hint: " + hint;
    }

    /** An {@link IllegalArgumentException} for a bad argument. */
    public static IllegalArgumentException arg(String where, String rule, Object expected, Object got, String context) {
        return new IllegalArgumentException(format(where, rule, expected, got, context));
    }

    /** A {@link ShapeMismatchException} for tensors whose shapes do not fit. */
    public static ShapeMismatchException shape(String where, String rule, Object expected, Object got, String context) {
        return new ShapeMismatchException(format(where, rule, expected, got, context));
    }

    /** An {@link IllegalStateException} for a lifecycle mistake. */
    public static IllegalStateException state(String where, String rule, String hint) {
        String m = where + ": " + rule;
        return new IllegalStateException(hint == null ? m : withHint(m, hint));
    }

    public static String str(Object o) {
        if (o instanceof int[] a) return Arrays.toString(a);
        if (o instanceof long[] a) return Arrays.toString(a);
        if (o instanceof float[] a) return Arrays.toString(a);
        if (o instanceof double[] a) return Arrays.toString(a);
        if (o instanceof Object[] a) return Arrays.toString(a);
        return String.valueOf(o);
    }

    /** Checks a dimension index (negative counts from the end) and returns it normalised. */
    public static int dim(String where, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(format(where, "dim out of range",
                    "a dim in [" + (-r) + ", " + (r - 1) + "]", dim, "tensor rank " + rank));
        }
        return dim < 0 ? dim + r : dim;
    }
}
