package io.sequoia.data.text;

import io.sequoia.data.TextFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextFilesTest {
    @TempDir Path tmp;

    @Test
    void invalidBytesAreReportedWithTheLineAndTheByte() throws Exception {
        Path f = tmp.resolve("latin.txt");
        Files.write(f, new byte[]{'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});   // "café" in windows-1252
        TextFormatException e = assertThrows(TextFormatException.class, () -> TextFiles.read(f, StandardCharsets.UTF_8));
        assertTrue(e.getMessage().startsWith(f + ":2: TextFiles.read: the file is not valid UTF-8;"), e.getMessage());
        assertTrue(e.getMessage().contains("byte 0xE9 at offset 6"), e.getMessage());
        assertTrue(e.getMessage().contains("Hint: convert the file"), e.getMessage());
        Path bom = tmp.resolve("bom.txt");
        Files.write(bom, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'});
        assertEquals("hi", TextFiles.read(bom, StandardCharsets.UTF_8));
        assertEquals("caf\u00e9\n", TextFiles.read(f, java.nio.charset.Charset.forName("windows-1252")).substring(3));
    }
}
