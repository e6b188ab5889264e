package io.sequoia.data.text;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Characters: one token per Unicode code point (an emoji outside the BMP is one token), optionally
 * lower-cased; whitespace is kept as tokens unless {@code skipWhitespace}.
 */
public final class CharTokenizer implements Tokenizer {
    private final boolean lowercase, skipWhitespace;

    /** Case kept, whitespace kept (as a character-level language model wants). */
    public CharTokenizer() { this(false, false); }

    public CharTokenizer(boolean lowercase, boolean skipWhitespace) {
        this.lowercase = lowercase;
        this.skipWhitespace = skipWhitespace;
    }

    @Override public void tokenize(CharSequence text, Consumer<String> sink) {
        CharSequence s = Tokenizer.checkText("CharTokenizer.tokenize", text);
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            if (skipWhitespace && WordTokenizer.isSpace(cp)) continue;
            String t = new String(Character.toChars(cp));
            sink.accept(lowercase ? t.toLowerCase(Locale.ROOT) : t);
        }
    }

    @Override public String describe() {
        return "chars(" + (lowercase ? "lower" : "cased") + (skipWhitespace ? ", no whitespace" : "") + ")";
    }
}
