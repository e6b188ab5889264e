package io.sequoia.tagging;

import io.sequoia.tensor.Errors;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chunk-level scoring identical to the CoNLL shared tasks' {@code conlleval} script (version
 * 2004-01-26): the same start/end-of-chunk rules for B, I, E, O, [ and ] prefixes (an I- after O or
 * after another type starts a chunk; types may contain hyphens), sentence breaks counted as O and not
 * as tokens, token accuracy over prefix and type, and the same report text ({@link #report()}).
 * Feed it sentences with {@link #add}; the numbers are those conlleval prints for a file holding the
 * same tokens, one blank line after each sentence. (conlleval does not know S- tags: score BIOES
 * output after converting it to IOB2, as the tagger does.)
 */
public final class ConllEval {
    private static final String O = "O";

    /** Counts of one chunk type, or of all ({@code type} ""). */
    public record Counts(String type, int correct, int guessed, int gold) {
        public double precision() { return guessed == 0 ? 0 : (double) correct / guessed; }
        public double recall() { return gold == 0 ? 0 : (double) correct / gold; }
        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    private int correctChunk, foundCorrect, foundGuessed, correctTags, tokenCounter;
    private final Map<String, int[]> perType = new TreeMap<>();   // type → {correct, guessed, gold}
    private final Map<String, int[]> perTag = new TreeMap<>();    // tag → {correct, guessed, gold}
    // state carried across tokens, as in the script
    private boolean inCorrect;
    private String lastCorrect = O, lastCorrectType = "", lastGuessed = O, lastGuessedType = "";

    /** Scores one sentence: gold and guessed tags of equal length. */
    public ConllEval add(List<String> gold, List<String> guessed) {
        if (gold.size() != guessed.size()) {
            throw Errors.arg("ConllEval.add", "gold and guessed tags must have the same length", gold.size(), guessed.size(), null);
        }
        for (int i = 0; i < gold.size(); i++) {
            token(gold.get(i), guessed.get(i), false);
            int[] g = perTag.computeIfAbsent(gold.get(i), k -> new int[3]), p = perTag.computeIfAbsent(guessed.get(i), k -> new int[3]);
            g[2]++;
            p[1]++;
            if (gold.get(i).equals(guessed.get(i))) g[0]++;
        }
        token(O, O, true);
        return this;
    }

    private void token(String goldTag, String guessedTag, boolean boundary) {
        String[] c = split(goldTag), g = split(guessedTag);
        String correct = c[0], correctType = c[1], guessed = g[0], guessedType = g[1];
        if (boundary) guessed = O;
        if (inCorrect) {
            boolean endC = endOfChunk(lastCorrect, correct, lastCorrectType, correctType);
            boolean endG = endOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
            if (endC && endG && lastGuessedType.equals(lastCorrectType)) {
                inCorrect = false;
                correctChunk++;
                count(lastCorrectType)[0]++;
            } else if (endC != endG || !guessedType.equals(correctType)) {
                inCorrect = false;
            }
        }
        boolean startC = startOfChunk(lastCorrect, correct, lastCorrectType, correctType);
        boolean startG = startOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
        if (startC && startG && guessedType.equals(correctType)) inCorrect = true;
        if (startC) { foundCorrect++; count(correctType)[2]++; }
        if (startG) { foundGuessed++; count(guessedType)[1]++; }
        if (!boundary) {
            if (correct.equals(guessed) && guessedType.equals(correctType)) correctTags++;
            tokenCounter++;
        }
        lastGuessed = guessed;
        lastCorrect = correct;
        lastGuessedType = guessedType;
        lastCorrectType = correctType;
    }

    private int[] count(String type) { return perType.computeIfAbsent(type, k -> new int[3]); }

    /** "B-PER" → {B, PER}; "I-MISC-X" → {I, MISC-X}; "O" → {O, ""} (the script's /^([^-]*)-(.*)$/). */
    private static String[] split(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? new String[]{tag, ""} : new String[]{tag.substring(0, dash), tag.substring(dash + 1)};
    }

    static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean end = false;
        if (prevTag.equals("B") && (tag.equals("B") || tag.equals("O"))) end = true;
        if (prevTag.equals("I") && (tag.equals("B") || tag.equals("O"))) end = true;
        if (prevTag.equals("E") && (tag.equals("E") || tag.equals("I") || tag.equals("O"))) end = true;
        if (!prevTag.equals("O") && !prevTag.equals(".") && !prevType.equals(type)) end = true;
        if (prevTag.equals("]") || prevTag.equals("[")) end = true;
        return end;
    }

    static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean start = false;
        if (prevTag.equals("B") && tag.equals("B")) start = true;
        if (prevTag.equals("I") && tag.equals("B")) start = true;
        if (prevTag.equals("O") && (tag.equals("B") || tag.equals("I"))) start = true;
        if (prevTag.equals("E") && (tag.equals("E") || tag.equals("I"))) start = true;
        if (prevTag.equals("O") && tag.equals("E")) start = true;
        if (!tag.equals("O") && !tag.equals(".") && !prevType.equals(type)) start = true;
        if (tag.equals("[") || tag.equals("]")) start = true;
        return start;
    }

    /** All chunks: correct, found by the guess, in the gold data. */
    public Counts overall() {
        // the script counts a chunk still open at the end of the input; add() always closes with a boundary
        return new Counts("", correctChunk, foundGuessed, foundCorrect);
    }

    /** Per chunk type, sorted by type name (as the script's report). */
    public List<Counts> byType() {
        TreeSet<String> types = new TreeSet<>(perType.keySet());
        return types.stream().map(t -> { int[] c = perType.get(t); return new Counts(t, c[0], c[1], c[2]); }).toList();
    }

    /** Per tag (token level): correct, predicted, gold. */
    public List<Counts> byTag() {
        return perTag.entrySet().stream().map(e -> new Counts(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }

    public int tokens() { return tokenCounter; }
    public int correctTags() { return correctTags; }
    /** Token accuracy (prefix and type equal), a fraction. */
    public double accuracy() { return tokenCounter == 0 ? 0 : (double) correctTags / tokenCounter; }

    /** The text conlleval prints. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        Counts o = overall();
        sb.append("processed ").append(tokenCounter).append(" tokens with ").append(foundCorrect).append(" phrases; ")
                .append("found: ").append(foundGuessed).append(" phrases; correct: ").append(correctChunk).append(".\n");
        if (tokenCounter > 0) {
            sb.append(String.format(java.util.Locale.ROOT, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f%n",
                    100.0 * correctTags / tokenCounter, 100 * o.precision(), 100 * o.recall(), 100 * f1Percent(o)));
        }
        for (Counts c : byType()) {
            sb.append(String.format(java.util.Locale.ROOT, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %d%n",
                    c.type(), 100 * c.precision(), 100 * c.recall(), 100 * f1Percent(c), c.guessed()));
        }
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    /** The script computes FB1 from percentages; the same value, kept for identical rounding. */
    private static double f1Percent(Counts c) {
        double p = 100 * c.precision(), r = 100 * c.recall();
        return p + r > 0 ? 2 * p * r / (p + r) / 100 : 0;
    }

    /** A per-tag table: tag, gold count, predicted count, precision, recall, F1 (token level). */
    public String tagReport() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "%17s %8s %8s %9s %9s %9s%n", "tag", "gold", "found", "precision", "recall", "F1"));
        for (Counts c : byTag()) {
            sb.append(String.format(java.util.Locale.ROOT, "%17s %8d %8d %8.2f%% %8.2f%% %9.2f%n", c.type(), c.gold(), c.guessed(),
                    100 * c.precision(), 100 * c.recall(), 100 * c.f1()));
        }
        return sb.toString().replace(System.lineSeparator(), "\n");
    }
}
