package io.sequoia.data.conll;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chunk tag schemes and conversions between them. A chunk is a typed span of tokens.
 * <pre>
 * IOB1   I-X inside; B-X only on the first token of a chunk that follows a chunk of the same type (CoNLL-2003)
 * IOB2   B-X on every chunk's first token, I-X on the rest (also called BIO)
 * IOE1   I-X inside; E-X only on the last token of a chunk followed by a chunk of the same type
 * IOE2   E-X on every chunk's last token, I-X on the rest
 * BIOES  S-X for a one-token chunk, else B-X first, I-X inside, E-X last (also IOBES)
 * </pre>
 * Reading ({@link #chunks}) accepts any of the prefixes B I E S and is lenient as conlleval is: an
 * I-X (or E-X) after O or after another type starts a chunk. Tags without a prefix other than O
 * are not chunk tags (see {@link #isChunkTagSet}).
 */
public enum TagScheme {
    IOB1, IOB2, IOE1, IOE2, BIOES;

    public static final List<String> NAMES = List.of("iob1", "iob2", "bio", "ioe1", "ioe2", "ioe", "bioes", "iobes");

    /** A chunk of type {@code type} over tokens [start, end). */
    public record Chunk(String type, int start, int end) {}

    public static TagScheme parse(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "iob1" -> IOB1;
            case "iob2", "bio" -> IOB2;
            case "ioe1" -> IOE1;
            case "ioe2", "ioe" -> IOE2;
            case "bioes", "iobes" -> BIOES;
            default -> throw Errors.arg("TagScheme.parse", "unknown tag scheme", String.join(", ", NAMES), name, null);
        };
    }

    private static char prefix(String tag) { return tag.equals("O") ? 'O' : tag.charAt(0); }
    private static String type(String tag) { return tag.equals("O") ? "" : tag.substring(2); }

    /** Whether every tag is O or one of B-, I-, E-, S- followed by a type. */
    public static boolean isChunkTagSet(Iterable<String> tags) {
        for (String t : tags) if (!t.equals("O") && !(t.length() > 2 && t.charAt(1) == '-' && "BIES".indexOf(t.charAt(0)) >= 0)) return false;
        return true;
    }

    /** The chunks of a tag sequence in any of the schemes. */
    public static List<Chunk> chunks(List<String> tags) {
        List<Chunk> out = new ArrayList<>();
        int start = -1;
        String open = null;
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            char p = prefix(tag);
            if (p != 'O' && p != 'B' && p != 'I' && p != 'E' && p != 'S' || (p != 'O' && (tag.length() < 3 || tag.charAt(1) != '-'))) {
                throw Errors.arg("TagScheme.chunks", "tags must be O or B-, I-, E-, S- followed by a type", "a tag like B-PER", tag, "position " + i);
            }
            String t = type(tag);
            boolean continues = open != null && open.equals(t) && (p == 'I' || p == 'E');
            if (open != null && !continues) { out.add(new Chunk(open, start, i)); open = null; }
            if (p == 'O') continue;
            if (open == null) { open = t; start = i; }
            if (p == 'E' || p == 'S') { out.add(new Chunk(open, start, i + 1)); open = null; }
        }
        if (open != null) out.add(new Chunk(open, start, tags.size()));
        return out;
    }

    /** The tags of {@code chunks} over {@code length} tokens in this scheme. */
    public List<String> encode(List<Chunk> chunks, int length) {
        List<String> out = new ArrayList<>(java.util.Collections.nCopies(length, "O"));
        for (int k = 0; k < chunks.size(); k++) {
            Chunk c = chunks.get(k);
            boolean afterSame = k > 0 && chunks.get(k - 1).end() == c.start() && chunks.get(k - 1).type().equals(c.type());
            boolean beforeSame = k + 1 < chunks.size() && chunks.get(k + 1).start() == c.end() && chunks.get(k + 1).type().equals(c.type());
            for (int i = c.start(); i < c.end(); i++) {
                boolean first = i == c.start(), last = i == c.end() - 1;
                char p = switch (this) {
                    case IOB1 -> first && afterSame ? 'B' : 'I';
                    case IOB2 -> first ? 'B' : 'I';
                    case IOE1 -> last && beforeSame ? 'E' : 'I';
                    case IOE2 -> last ? 'E' : 'I';
                    case BIOES -> first && last ? 'S' : first ? 'B' : last ? 'E' : 'I';
                };
                out.set(i, p + "-" + c.type());
            }
        }
        return out;
    }

    /** {@code tags} (in any scheme) rewritten in this one. */
    public List<String> convert(List<String> tags) { return encode(chunks(tags), tags.size()); }

    /**
     * The scheme a tagged corpus is written in: BIOES if it has S- tags, IOE2/IOE1 if it has E- tags
     * (IOE1 when some chunk ends without E-), IOB1 if some chunk starts with I-, else IOB2.
     */
    public static TagScheme detect(Iterable<List<String>> sentences) {
        boolean s = false, e = false, b = false, iStart = false, eMissing = false;
        for (List<String> tags : sentences) {
            for (String t : tags) { s |= t.startsWith("S-"); e |= t.startsWith("E-"); b |= t.startsWith("B-"); }
            for (Chunk c : chunks(tags)) {
                iStart |= tags.get(c.start()).startsWith("I-");
                eMissing |= c.end() - c.start() > 0 && !tags.get(c.end() - 1).startsWith("E-") && !tags.get(c.end() - 1).startsWith("S-");
            }
        }
        if (s || (b && e)) return BIOES;
        if (e) return eMissing ? IOE1 : IOE2;
        return iStart ? IOB1 : IOB2;
    }
}
