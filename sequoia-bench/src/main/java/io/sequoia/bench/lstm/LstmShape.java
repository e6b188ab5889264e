package io.sequoia.bench.lstm;

import java.util.List;

/**
 * One row of the LSTM speed grid: batch {@code b}, sequence length {@code t}, input size {@code i},
 * hidden size {@code h}, stacked layers {@code l}. The input is time-major {@code (T, N, I)} in every
 * library that accepts it; the head is a {@code Linear(H, 1)} on the last step's output.
 */
public record LstmShape(int b, int t, int i, int h, int l) {

    /** The grid of issue 3, in its order. */
    public static final List<LstmShape> GRID = List.of(
            new LstmShape(32, 50, 32, 128, 1),
            new LstmShape(64, 100, 64, 256, 1),
            new LstmShape(32, 35, 200, 200, 2),
            new LstmShape(128, 20, 32, 512, 1));

    /** Parses {@code "B,T,I,H,L"}. */
    public static LstmShape parse(String s) {
        String[] p = s.split(",");
        if (p.length != 5) {
            throw new IllegalArgumentException("LstmShape.parse: expected B,T,I,H,L; got '" + s + "'");
        }
        return new LstmShape(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()),
                Integer.parseInt(p[2].trim()), Integer.parseInt(p[3].trim()), Integer.parseInt(p[4].trim()));
    }

    /** {@code "B,T,I,H,L"}, the form {@link #parse} reads. */
    public String key() { return b + "," + t + "," + i + "," + h + "," + l; }

    /** True when the children measure a GRU instead of an LSTM ({@code SEQUOIA_BENCH_CELL=gru}, inherited from LstmVersus). */
    public static boolean gru() {
        return "gru".equalsIgnoreCase(System.getenv("SEQUOIA_BENCH_CELL"));
    }
}
