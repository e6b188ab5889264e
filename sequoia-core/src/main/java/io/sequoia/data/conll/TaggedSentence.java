package io.sequoia.data.conll;

import java.util.List;

/**
 * One sentence of a column file: its tokens, their gold tags (null when the file has none), the
 * text of each token line (to write the same columns back), and the 1-based file line of each token.
 */
public record TaggedSentence(List<String> tokens, List<String> tags, List<String> source, int[] lines) {
    public TaggedSentence {
        tokens = List.copyOf(tokens);
        tags = tags == null ? null : List.copyOf(tags);
        source = List.copyOf(source);
    }

    /** Tokens and tags only (no source lines). */
    public static TaggedSentence of(List<String> tokens, List<String> tags) {
        java.util.List<String> f = new java.util.ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) f.add(tags == null ? tokens.get(i) : tokens.get(i) + " " + tags.get(i));
        return new TaggedSentence(tokens, tags, f, new int[tokens.size()]);
    }

    public int size() { return tokens.size(); }

    /** The same sentence with other tags. */
    public TaggedSentence withTags(List<String> newTags) { return new TaggedSentence(tokens, newTags, source, lines); }
}
