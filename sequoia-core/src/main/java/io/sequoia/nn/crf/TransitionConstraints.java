package io.sequoia.nn.crf;

import io.sequoia.tensor.Errors;

import java.util.List;

/**
 * Which tag may start a sequence, follow another, and end a sequence. Built for chunk labels
 * ({@code O}, {@code B-PER}, {@code I-PER}, ...) in one of two schemes:
 * <pre>
 * BIOES  start: O B S   O,E-x,S-x → O B-y S-y   B-x,I-x → I-x E-x   end: O E S
 * IOB2   start: O B     any → O B-y             B-x,I-x → I-x       end: any
 * </pre>
 * (IOB2 is also accepted as "BIO"; BIOES as "IOBES".)
 */
public record TransitionConstraints(String scheme, List<String> labels, boolean[] start, boolean[][] allowed, boolean[] end) {
    public static final List<String> SCHEMES = List.of("BIOES", "IOBES", "IOB2", "BIO");

    public int numTags() { return labels.size(); }

    /** The constraints of {@code scheme} over {@code labels}; every label must be O or PREFIX-type of the scheme. */
    public static TransitionConstraints forScheme(String scheme, List<String> labels) {
        String where = "TransitionConstraints.forScheme";
        if (scheme == null || !SCHEMES.contains(scheme.toUpperCase(java.util.Locale.ROOT))) {
            throw Errors.arg(where, "unknown scheme", SCHEMES, scheme, null);
        }
        boolean bioes = scheme.equalsIgnoreCase("BIOES") || scheme.equalsIgnoreCase("IOBES");
        String prefixes = bioes ? "BIES" : "BI";
        int n = labels.size();
        char[] p = new char[n];
        String[] type = new String[n];
        for (int i = 0; i < n; i++) {
            String l = labels.get(i);
            if (l.equals("O")) { p[i] = 'O'; type[i] = ""; continue; }
            if (l.length() < 3 || l.charAt(1) != '-' || prefixes.indexOf(l.charAt(0)) < 0) {
                throw Errors.arg(where, "labels must be O or " + String.join("/", prefixes.split("")) + "-TYPE in scheme " + scheme,
                        "a label like B-PER", l, "label " + i);
            }
            p[i] = l.charAt(0);
            type[i] = l.substring(2);
        }
        boolean[] start = new boolean[n], end = new boolean[n];
        boolean[][] allowed = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            start[i] = p[i] == 'O' || p[i] == 'B' || p[i] == 'S';
            end[i] = bioes ? (p[i] == 'O' || p[i] == 'E' || p[i] == 'S') : true;
            for (int j = 0; j < n; j++) {
                boolean inside = p[i] == 'B' || p[i] == 'I';
                boolean continues = (p[j] == 'I' || p[j] == 'E') && type[j].equals(type[i]);
                allowed[i][j] = bioes
                        ? (inside ? continues : (p[j] == 'O' || p[j] == 'B' || p[j] == 'S'))
                        : (p[j] == 'O' || p[j] == 'B' || (p[j] == 'I' && inside && type[j].equals(type[i])));
            }
        }
        return new TransitionConstraints(scheme.toUpperCase(java.util.Locale.ROOT), List.copyOf(labels), start, allowed, end);
    }
}
