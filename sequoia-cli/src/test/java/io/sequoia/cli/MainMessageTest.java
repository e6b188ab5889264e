package io.sequoia.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The user's sentence for a failure: a java.nio.file exception names its file and what is wrong (its message is the bare path). */
class MainMessageTest {
    @Test void fileSystemFailuresAreSentencesNamingTheFile() {
        assertEquals("none.vec: no such file or folder", Main.message(new NoSuchFileException("none.vec")));
        assertEquals("out/m: permission denied", Main.message(new AccessDeniedException("out/m")));
        assertEquals("a/b: not a folder", Main.message(new NotDirectoryException("a/b")));
        assertEquals("x.txt: Is a directory", Main.message(new FileSystemException("x.txt", null, "Is a directory")));
        assertEquals("none.vec: no such file or folder", Main.message(new java.io.UncheckedIOException(new NoSuchFileException("none.vec"))));
        // other exceptions keep their message; an empty one names its kind, never "null"
        assertEquals("bad value", Main.message(new IllegalArgumentException("bad value")));
        assertEquals(true, Main.message(new IllegalStateException()).startsWith("unexpected IllegalStateException"));
    }
}
