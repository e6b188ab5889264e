package io.sequoia.data.conll;

import io.sequoia.tensor.Errors;

import java.util.List;
import java.util.Locale;

/**
 * The column layouts {@link ColumnReader} reads.
 * <pre>
 * CONLL2003  WORD POS CHUNK TAG separated by spaces (any fixed number ≥ 2 of columns; token first, tag last);
 *            "-DOCSTART-" lines are document breaks
 * CONLL2002  WORD [POS] TAG: 2 or 3 columns separated by TAB or spaces; "-DOCSTART-" lines are breaks
 * CONLLU     10 TAB-separated columns; "#" comments; multiword-token ranges (3-4) and empty nodes (8.1)
 *            are not words of the sentence (UD guidelines) and are skipped; tag column UPOS or XPOS
 * COLUMNS    any columns separated by TAB (when the line has one) or spaces; token and tag columns given
 * </pre>
 * Sentences are separated by blank lines in every format.
 */
public enum ColumnFormat {
    CONLL2003, CONLL2002, CONLLU, COLUMNS;

    public static final List<String> NAMES = List.of("conll2003", "conll2002", "conllu", "columns");

    public static ColumnFormat parse(String name) {
        if (name == null || !NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw Errors.arg("ColumnFormat.parse", "unknown format", String.join(", ", NAMES), name, null);
        }
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }
}
