package io.sequoia.cli.tagging;

import io.sequoia.data.conll.ColumnFormat;
import io.sequoia.data.conll.ColumnReader;
import picocli.CommandLine.Option;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;

/** The options of commands that read column files: {@code --format}, {@code --tag-col}, {@code --token-col}, {@code --encoding}. */
final class ColumnOptions {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "conll2003, conll2002, conllu or columns (default: conllu for *.conllu files, else conll2003: token first, tag last, -DOCSTART- lines skipped).")
    String format;
    @Option(names = "--tag-col", paramLabel = "N|upos|xpos", description = "Tag column: 1-based number, or upos/xpos in CoNLL-U (default: the last column; UPOS).")
    String tagCol;
    @Option(names = "--token-col", paramLabel = "N", description = "1-based token column (default: 1; FORM in CoNLL-U).")
    int tokenCol;
    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Character set of the files (default: UTF-8).")
    String encoding;

    /** The reader for these options; {@code file} picks the default format. Bad values are usage errors (IllegalArgumentException). */
    ColumnReader reader(Path file, boolean requireTags) { return reader(file, requireTags, java.util.Map.of()); }

    /** As above, with the settings a model was trained with ({@link #settings}) as the defaults. */
    ColumnReader reader(Path file, boolean requireTags, java.util.Map<String, Object> saved) {
        String fmt = format != null ? format : (String) saved.get("format");
        ColumnFormat f = fmt != null ? ColumnFormat.parse(fmt)
                : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".conllu") ? ColumnFormat.CONLLU : ColumnFormat.CONLL2003;
        String tc = tagCol != null ? tagCol : (String) saved.get("tag_col");
        int tok = tokenCol > 0 ? tokenCol : saved.get("token_col") instanceof Number n ? n.intValue() : 0;
        Charset cs = encoding != null || saved.get("encoding") == null ? charset() : Charset.forName((String) saved.get("encoding"));
        return new ColumnReader(f, tok, tc, cs, requireTags);
    }

    /** A usage error (exit 2) naming --format or --encoding when their value is unknown. */
    void checkFormat(picocli.CommandLine.Model.CommandSpec spec) {
        if (format != null && !ColumnFormat.NAMES.contains(format.toLowerCase(java.util.Locale.ROOT))) {
            throw io.sequoia.cli.Usage.error(spec, "--format: expected one of " + String.join(", ", ColumnFormat.NAMES) + ", got " + format);
        }
        try {
            charset();
        } catch (IllegalArgumentException e) {
            throw io.sequoia.cli.Usage.error(spec, e.getMessage());
        }
    }

    /** What to save with a model: the reader's format, columns and encoding. */
    static java.util.Map<String, Object> settings(ColumnReader r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("format", r.format().cliName());
        if (r.tagCol() != null) m.put("tag_col", r.tagCol());
        if (r.tokenCol() > 0) m.put("token_col", r.tokenCol());
        m.put("encoding", r.encoding().name());
        return m;
    }

    Charset charset() {
        if (encoding == null) return java.nio.charset.StandardCharsets.UTF_8;
        try {
            return Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("--encoding: unknown character set; expected a name like UTF-8, ISO-8859-1 or windows-1252, got " + encoding);
        }
    }
}
