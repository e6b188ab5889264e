package io.sequoia.data.text;

import io.sequoia.tensor.Errors;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Tokens from a regular expression, as NLTK's {@code RegexpTokenizer}: every match is a token, or
 * with {@code gaps} the pattern is the separator and the text between matches are the tokens. Empty
 * matches and empty pieces are never tokens. Patterns use {@code UNICODE_CHARACTER_CLASS}, so
 * {@code \w} matches letters of every script.
 */
public final class RegexTokenizer implements Tokenizer {
    private final Pattern pattern;
    private final boolean gaps, lowercase;

    public RegexTokenizer(String regex) { this(regex, false, false); }

    public RegexTokenizer(String regex, boolean gaps, boolean lowercase) {
        if (regex == null || regex.isEmpty()) throw Errors.arg("RegexTokenizer", "the pattern must not be empty", "a regular expression", regex, null);
        try {
            this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw Errors.arg("RegexTokenizer", "the pattern is not a valid regular expression", "java.util.regex syntax", regex,
                    e.getDescription() + " at index " + e.getIndex());
        }
        this.gaps = gaps;
        this.lowercase = lowercase;
    }

    @Override public void tokenize(CharSequence text, Consumer<String> sink) {
        CharSequence s = Tokenizer.checkText("RegexTokenizer.tokenize", text);
        Matcher m = pattern.matcher(s);
        int last = 0;
        while (m.find()) {
            if (gaps) emit(s.subSequence(last, m.start()), sink);
            else emit(m.group(), sink);
            last = m.end();
        }
        if (gaps) emit(s.subSequence(last, s.length()), sink);
    }

    private void emit(CharSequence t, Consumer<String> sink) {
        if (t.length() == 0) return;
        sink.accept(lowercase ? t.toString().toLowerCase(Locale.ROOT) : t.toString());
    }

    @Override public String describe() { return "regex(" + pattern.pattern() + (gaps ? ", gaps" : "") + (lowercase ? ", lower" : "") + ")"; }
}
