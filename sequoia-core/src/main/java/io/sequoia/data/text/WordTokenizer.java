package io.sequoia.data.text;

import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Words, with configurable rules (defaults in brackets):
 * <ul>
 * <li>word characters: letters, digits, combining marks and {@code _} of any script; a run of them
 *     is one word. An apostrophe ({@code '} or {@code ’}) or hyphen between two word characters stays
 *     inside the word ({@code don't}, {@code well-made}).</li>
 * <li>{@code lowercase} [true]: words are lower-cased (Locale.ROOT).</li>
 * <li>{@code punctuation} [{@link Punctuation#SPLIT}]: every other non-space code point is its own
 *     token (SPLIT) or is dropped (STRIP).</li>
 * <li>{@code contractions} [{@link Contractions#KEEP}]: with SPLIT, English clitics become tokens of
 *     their own, as the Penn Treebank does: {@code don't → do n't}, {@code it's → it 's},
 *     {@code we're, I've, you'll, he'd, I'm}; {@code ’} is normalised to {@code '} in those tokens.</li>
 * </ul>
 * Whitespace (any {@link Character#isWhitespace} or {@link Character#isSpaceChar}) and control characters separate tokens.
 */
public final class WordTokenizer implements Tokenizer {
    /** What to do with punctuation and symbols. */
    public enum Punctuation { SPLIT, STRIP }

    /** What to do with English contractions. */
    public enum Contractions { KEEP, SPLIT }

    private static final Set<String> CLITICS = Set.of("'s", "'re", "'ve", "'ll", "'d", "'m");

    private final boolean lowercase;
    private final Punctuation punctuation;
    private final Contractions contractions;

    /** Lower-case, punctuation split off, contractions kept. */
    public WordTokenizer() { this(true, Punctuation.SPLIT, Contractions.KEEP); }

    public WordTokenizer(boolean lowercase, Punctuation punctuation, Contractions contractions) {
        if (punctuation == null || contractions == null) {
            throw Errors.arg("WordTokenizer", "punctuation and contractions rules are required", "non-null", null, null);
        }
        this.lowercase = lowercase;
        this.punctuation = punctuation;
        this.contractions = contractions;
    }

    static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp) || cp == '_') return true;
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    private static boolean isJoiner(int cp) { return cp == '\'' || cp == '\u2019' || cp == '-'; }

    /** Whitespace, and control characters (a stray backspace in a review is no token: a vectors file could not hold it). */
    static boolean isSpace(int cp) { return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp); }

    @Override public void tokenize(CharSequence text, Consumer<String> sink) {
        CharSequence s = Tokenizer.checkText("WordTokenizer.tokenize", text);
        int n = s.length(), i = 0;
        while (i < n) {
            int cp = Character.codePointAt(s, i);
            if (isSpace(cp)) { i += Character.charCount(cp); continue; }
            if (!isWordChar(cp)) {
                if (punctuation == Punctuation.SPLIT) sink.accept(new String(Character.toChars(cp)));
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n) {
                int c = Character.codePointAt(s, i);
                if (isWordChar(c)) { i += Character.charCount(c); continue; }
                if (isJoiner(c) && i + 1 < n && isWordChar(Character.codePointAt(s, i + 1))) { i += 1; continue; }
                break;
            }
            emitWord(s.subSequence(start, i).toString(), sink);
        }
    }

    private void emitWord(String w, Consumer<String> sink) {
        if (lowercase) w = w.toLowerCase(Locale.ROOT);
        if (contractions == Contractions.SPLIT) {
            String norm = w.replace('\u2019', '\'');
            String lower = norm.toLowerCase(Locale.ROOT);
            if (lower.endsWith("n't") && lower.length() > 3) {
                sink.accept(w.substring(0, w.length() - 3));
                sink.accept(norm.substring(norm.length() - 3));
                return;
            }
            int q = norm.lastIndexOf('\'');
            if (q > 0 && CLITICS.contains(lower.substring(q))) {
                sink.accept(w.substring(0, q));
                sink.accept(norm.substring(q));
                return;
            }
        }
        sink.accept(w);
    }

    @Override public String describe() {
        return "words(" + (lowercase ? "lower" : "cased") + ", punctuation " + punctuation.name().toLowerCase(Locale.ROOT)
                + ", contractions " + contractions.name().toLowerCase(Locale.ROOT) + ")";
    }

    public boolean lowercase() { return lowercase; }
    public Punctuation punctuation() { return punctuation; }
    public Contractions contractions() { return contractions; }
}
