package io.sequoia.bench.encoder;

/**
 * One Transformer encoder layer workload: batch {@code b}, sequence length {@code l}, model width
 * {@code d}, heads {@code h}, feed-forward width {@code f}. Inputs are batch-first {@code (B, L, D)}.
 */
public record EncoderShape(int b, int l, int d, int h, int f) {

    /** The shape of issue 7: B=32, L=128, dModel=256, nhead=8, dimFeedforward=1024. */
    public static final EncoderShape ISSUE = new EncoderShape(32, 128, 256, 8, 1024);

    /** Parses {@code "B,L,D,H,F"}. */
    public static EncoderShape parse(String s) {
        String[] p = s.split(",");
        if (p.length != 5) {
            throw new IllegalArgumentException("EncoderShape.parse: expected B,L,D,H,F; got '" + s + "'");
        }
        return new EncoderShape(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()),
                Integer.parseInt(p[2].trim()), Integer.parseInt(p[3].trim()), Integer.parseInt(p[4].trim()));
    }

    /** {@code "B,L,D,H,F"}, the form {@link #parse} reads. */
    public String key() { return b + "," + l + "," + d + "," + h + "," + f; }
}
