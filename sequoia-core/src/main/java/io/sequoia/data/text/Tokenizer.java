package io.sequoia.data.text;

import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a text into tokens. The contract shared by every tokeniser:
 * <ul>
 * <li>Streaming: {@link #tokenize(CharSequence, Consumer)} hands each token to the sink as soon as it is
 *     found, without building a list; {@link #tokenize(CharSequence)} collects them.</li>
 * <li>Unicode: text is read by code point (a character outside the BMP, such as an emoji, is one
 *     character, never half a surrogate pair); letters and digits of every script count as word
 *     characters; lower-casing uses {@code Locale.ROOT}.</li>
 * <li>Empty or blank input gives no tokens; {@code null} input is an {@link IllegalArgumentException}.
 *     No token is ever empty.</li>
 * </ul>
 */
public interface Tokenizer {
    /** Hands the tokens of {@code text} to {@code sink}, in order. */
    void tokenize(CharSequence text, Consumer<String> sink);

    /** The tokens of {@code text} as a list. */
    default List<String> tokenize(CharSequence text) {
        List<String> out = new ArrayList<>();
        tokenize(text, out::add);
        return out;
    }

    /** A short description for config files and messages, e.g. {@code words(lower, split-contractions)}. */
    String describe();

    /** Checks the text argument of {@link #tokenize}. */
    static CharSequence checkText(String where, CharSequence text) {
        if (text == null) throw Errors.arg(where, "text must not be null", "a string (possibly empty)", null, null);
        return text;
    }
}
