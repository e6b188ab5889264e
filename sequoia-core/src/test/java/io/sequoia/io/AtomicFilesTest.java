package io.sequoia.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed write leaves the old file as it was and nothing else behind. */
class AtomicFilesTest {
    @TempDir Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test void writesAndReplaces() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second, longer ✓");
        assertEquals("second, longer ✓", Files.readString(f, StandardCharsets.UTF_8));
        assertEquals(List.of(f), files());
    }

    @Test void writerMayCloseTheStream() throws IOException {
        Path f = dir.resolve("b.bin");
        AtomicFiles.write(f, out -> {
            out.write(new byte[] {1, 2, 3}, 1, 2);
            out.close();
        });
        assertEquals("0203", java.util.HexFormat.of().formatHex(Files.readAllBytes(f)));
    }

    @Test void aWriterThatThrowsMidwayLeavesThePreviousFileAndNoTempFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        AtomicFiles.writeString(f, "old content");
        IOException boom = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[200_000]); // past the buffer, so bytes reach the temp file
            throw boom;
        }));
        assertSame(boom, e);
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of(f), files());

        RuntimeException r = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write('x');
            throw new UncheckedIOException(boom);
        }));
        assertSame(boom, r.getCause());
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of(f), files());
    }

    @Test void aFailedFirstWriteCreatesNothing() throws IOException {
        Path f = dir.resolve("new.txt");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> { throw new IOException("nope"); }));
        assertTrue(files().isEmpty());
    }

    @Test void refusesADirectoryTargetAndAMissingParent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeString(dir, "x"));
        assertTrue(e.getMessage().startsWith("AtomicFiles.write: target must be a file"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        Path missing = dir.resolve("missing");
        IOException io = assertThrows(NoSuchFileException.class, () -> AtomicFiles.writeString(missing.resolve("x.txt"), "x"));
        assertTrue(io.getMessage().startsWith(missing + " -> " + missing.resolve("x.txt")), io.getMessage());
        assertTrue(io.getMessage().contains("the folder to write into does not exist"), io.getMessage());
    }
}
