package io.sequoia.data.parallel;

import io.sequoia.data.text.Tokenizer;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A word tokeniser in the manner of Moses' {@code tokenizer.perl} (without XML escaping, case kept):
 * every symbol that is not a letter, digit, space, period, apostrophe, comma or hyphen is split off;
 * commas are split unless between digits; "..." stays one token; hyphenated words stay whole; an
 * apostrophe stays with the following letters in English ({@code it 's}) and with the preceding ones
 * otherwise ({@code geht' s}); a final period is split off unless the word is a known abbreviation
 * ({@code Dr.}, {@code z.B.}, {@code U.S.}) or the next word starts in lower case.
 * {@link #detokenize} undoes it: no space before closing punctuation, after opening brackets, or
 * around apostrophes that were split; straight double quotes alternate between opening and closing.
 */
public final class MosesTokenizer implements Tokenizer {
    private static final Pattern SPECIAL = Pattern.compile("([^\\p{L}\\p{N}\\s.'`,\\-])");
    private static final Pattern MULTI_DOT = Pattern.compile("\\.([.]+)");
    private static final Pattern COMMA_BEFORE = Pattern.compile("([^\\p{N}]),");
    private static final Pattern COMMA_AFTER = Pattern.compile(",([^\\p{N}])");
    private static final Pattern COMMA_END = Pattern.compile(",$");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "vs", "etc", "No", "Nr", "Fr", "Hr", "Hrn", "Str",
            "bzw", "ca", "usw", "ggf", "evtl", "inkl", "vgl", "Abb", "z.B", "u.a", "d.h", "e.g", "i.e");

    private final boolean english;

    /** @param language an ISO code; "en" keeps apostrophes with the following letters, others with the preceding ones */
    public MosesTokenizer(String language) { this.english = "en".equalsIgnoreCase(language); }

    public MosesTokenizer() { this("en"); }

    @Override public void tokenize(CharSequence text, Consumer<String> sink) {
        String s = " " + SPACES.matcher(Tokenizer.checkText("MosesTokenizer.tokenize", text)).replaceAll(" ") + " ";
        s = SPECIAL.matcher(s).replaceAll(" $1 ");
        s = MULTI_DOT.matcher(s).replaceAll(" DOTMULTI$1");                 // protect "..." (Moses' trick)
        while (s.contains("DOTMULTI.")) s = s.replaceAll("DOTMULTI\\.([^.])", "DOTDOTMULTI $1").replace("DOTMULTI.", "DOTDOTMULTI");
        s = COMMA_BEFORE.matcher(s).replaceAll("$1 , ");
        s = COMMA_AFTER.matcher(s).replaceAll(" , $1");
        s = COMMA_END.matcher(s.strip()).replaceAll(" ,");
        s = apostrophes(" " + s + " ");
        String[] words = s.strip().isEmpty() ? new String[0] : SPACES.split(s.strip());
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.length() > 1 && w.endsWith(".") && !w.endsWith("..")) {
                String pre = w.substring(0, w.length() - 1);
                boolean keep = (pre.contains(".") && pre.codePoints().anyMatch(Character::isLetter))
                        || ABBREVIATIONS.contains(pre)
                        || (pre.length() == 1 && Character.isUpperCase(pre.charAt(0)))
                        || (i < words.length - 1 && !words[i + 1].isEmpty() && Character.isLowerCase(words[i + 1].codePointAt(0)));
                if (!keep) { sink.accept(restoreDots(pre)); sink.accept("."); continue; }
            }
            sink.accept(restoreDots(w));
        }
    }

    private String apostrophes(String s) {
        if (english) {
            s = s.replaceAll("([^\\p{L}])'([^\\p{L}])", "$1 ' $2");
            s = s.replaceAll("([^\\p{L}\\p{N}])'(\\p{L})", "$1 ' $2");
            s = s.replaceAll("(\\p{L})'([^\\p{L}])", "$1 ' $2");
            s = s.replaceAll("(\\p{L})'(\\p{L})", "$1 '$2");
            s = s.replaceAll("(\\p{N})'([sS])", "$1 '$2");
        } else {
            s = s.replaceAll("([^\\p{L}])'([^\\p{L}])", "$1 ' $2");
            s = s.replaceAll("([^\\p{L}])'(\\p{L})", "$1 ' $2");
            s = s.replaceAll("(\\p{L})'([^\\p{L}])", "$1 ' $2");
            s = s.replaceAll("(\\p{L})'(\\p{L})", "$1' $2");
        }
        return s;
    }

    private static String restoreDots(String w) {
        if (!w.contains("DOTMULTI")) return w;
        while (w.contains("DOTDOTMULTI")) w = w.replace("DOTDOTMULTI", "DOTMULTI.");
        return w.replace("DOTMULTI", ".");
    }

    @Override public String describe() { return "moses(" + (english ? "en" : "other") + ")"; }

    private static final Set<String> NO_SPACE_BEFORE = Set.of(".", ",", "!", "?", ":", ";", ")", "]", "}", "%", "...", "'");
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "{", "¿", "¡");

    /** Joins tokens into plain text, the inverse of {@link #tokenize} on ordinary sentences. */
    public String detokenize(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        boolean glueNext = true, quoteOpen = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean glue = glueNext;
            glueNext = false;
            if (t.equals("\"")) {
                if (quoteOpen) glue = true; else glueNext = true;
                quoteOpen = !quoteOpen;
            } else if (NO_SPACE_BEFORE.contains(t)) {
                glue = true;
            } else if (NO_SPACE_AFTER.contains(t)) {
                glueNext = true;
            } else if (english && t.startsWith("'") && t.length() > 1 && Character.isLetter(t.codePointAt(1))) {
                glue = true;                                                    // it 's -> it's
            }
            if (!english && t.endsWith("'") && t.length() > 1 && Character.isLetter(t.codePointAt(t.length() - 2))) {
                glueNext = true;                                                // geht' s -> geht's
            }
            if (sb.length() > 0 && !glue) sb.append(' ');
            sb.append(t);
        }
        return sb.toString();
    }
}
