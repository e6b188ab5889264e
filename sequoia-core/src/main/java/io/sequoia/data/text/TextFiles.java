package io.sequoia.data.text;

import io.sequoia.data.TextFormatException;
import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Whole text files read strictly: bytes that are not valid in the charset are reported with file:line and the byte. */
public final class TextFiles {
    private TextFiles() {}

    /**
     * For a reader that decodes as it streams and met bytes that are not {@code charset}: the same
     * file:line error {@link #read} gives (the file is decoded again to find the line and the byte).
     */
    public static IOException undecodable(Path file, Charset charset, java.nio.charset.CharacterCodingException e) {
        try {
            if (!file.getFileName().toString().endsWith(".gz")) read(file, charset);
        } catch (TextFormatException t) {
            return t;
        } catch (IOException other) {
            return other;
        }
        return new TextFormatException(file, 1, "the file is not valid " + charset.name() + " text (" + e.getMessage() + ")");
    }

    /** The file's text; a leading UTF-8 byte-order mark is dropped. */
    public static String read(Path file, Charset charset) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharsetDecoder d = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, (long) (bytes.length * (double) d.maxCharsPerByte()) + 1));
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position(), line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new TextFormatException(file, line, Errors.withHint(Errors.format("TextFiles.read", "the file is not valid " + charset.name(),
                    charset.name() + " text", String.format("byte 0x%02X at offset %d", bytes[at] & 0xFF, at), null),
                    "convert the file to " + charset.name() + " (e.g. iconv -f windows-1252 -t utf-8)"));
        }
        d.flush(out);
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
