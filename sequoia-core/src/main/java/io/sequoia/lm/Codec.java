package io.sequoia.lm;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token vocabulary of a language model: characters, or words (runs of letters/digits/apostrophes,
 * single punctuation marks and line breaks; spaces are implied between words when decoding).
 * Word level has {@code <unk>} at index 0 for rare or unseen words; character level refuses
 * characters it has not seen.
 */
public final class Codec {
    public static final String UNK = "<unk>";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+|\\n|[^\\s\\p{L}\\p{N}']");

    private final boolean words;
    private final List<String> tokens;
    private final Map<String, Integer> index = new HashMap<>();

    private Codec(boolean words, List<String> tokens) {
        this.words = words;
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) index.put(tokens.get(i), i);
    }

    /** The characters of {@code text}, sorted by code point. */
    public static Codec characters(String text) {
        if (text.isEmpty()) throw Errors.arg("Codec.characters", "text must not be empty", "some text", "an empty string", null);
        List<String> cs = new ArrayList<>(text.codePoints().distinct().sorted().mapToObj(Character::toString).toList());
        return new Codec(false, cs);
    }

    /** Words seen at least {@code minCount} times (most frequent first, ties alphabetical), after {@code <unk>}. */
    public static Codec words(String text, int minCount, int maxSize) {
        if (minCount < 1) throw Errors.arg("Codec.words", "minCount must be at least 1", ">= 1", minCount, null);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String w : splitWords(text)) counts.merge(w, 1, Integer::sum);
        List<Map.Entry<String, Integer>> es = new ArrayList<>(counts.entrySet());
        es.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
        List<String> toks = new ArrayList<>(List.of(UNK));
        for (Map.Entry<String, Integer> e : es) {
            if (e.getValue() < minCount || (maxSize > 0 && toks.size() >= maxSize)) break;
            toks.add(e.getKey());
        }
        return new Codec(true, toks);
    }

    /** A codec restored from its token list (saved in config.json). */
    public static Codec of(boolean words, List<String> tokens) { return new Codec(words, tokens); }

    static List<String> splitWords(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    public boolean isWordLevel() { return words; }
    public int size() { return tokens.size(); }
    public List<String> tokens() { return Collections.unmodifiableList(tokens); }
    public String token(int id) { return tokens.get(id); }

    /** Token ids of {@code text}; unknown characters are an error naming the character and its position. */
    public int[] encode(String text) {
        if (words) {
            List<String> ws = splitWords(text);
            int[] ids = new int[ws.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = index.getOrDefault(ws.get(i), 0);
            return ids;
        }
        int[] cps = text.codePoints().toArray();
        int[] ids = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            Integer id = index.get(Character.toString(cps[i]));
            if (id == null) {
                throw Errors.arg("Codec.encode", "character not in the model's vocabulary", "one of the " + tokens.size() + " training characters",
                        "'" + new String(Character.toChars(cps[i])) + "' (U+" + String.format("%04X", cps[i]) + ")", "position " + i);
            }
            ids[i] = id;
        }
        return ids;
    }

    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) append(sb, id);
        return sb.toString();
    }

    /** Appends one token as text (word level: a space before words that follow a word). */
    public void append(StringBuilder sb, int id) {
        String t = tokens.get(id);
        if (words && sb.length() > 0) {
            char last = sb.charAt(sb.length() - 1);
            boolean wordLike = Character.isLetterOrDigit(t.codePointAt(0)) || t.equals(UNK);
            if (last != '\n' && (wordLike || "(\"[".indexOf(t.charAt(0)) >= 0) && last != '(' && last != '[') sb.append(' ');
        }
        sb.append(t);
    }
}
