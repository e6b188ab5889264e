package io.sequoia.io;

import io.sequoia.tensor.Errors;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file: the bytes go to a hidden temporary file in the target's directory, are forced
 * to disk, and the temporary file is then renamed over the target in one atomic move. If writing
 * fails, the temporary file is deleted and an existing target is left untouched.
 */
public final class AtomicFiles {
    private static final int BUFFER = 1 << 16;
    private static final int NAME_ATTEMPTS = 16;

    private AtomicFiles() {}

    /** Like {@link java.util.function.Consumer}, but may throw {@link IOException}. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        void accept(T value) throws IOException;
    }

    /**
     * Atomically replaces {@code target} with what {@code writer} writes. The stream handed to the
     * writer is buffered; closing it is allowed and has no effect beyond a flush.
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        if (target == null || writer == null) {
            throw Errors.arg("AtomicFiles.write", "target and writer must not be null", "non-null",
                    target == null ? "target null" : "writer null", null);
        }
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw Errors.arg("AtomicFiles.write", "target must be a file, not a directory", "a file path", absolute, null);
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), absolute.toString(), "AtomicFiles.write: the folder to write into does not exist");
        }
        Path temp = null;
        FileChannel channel = null;
        try {
            for (int i = 0; channel == null; i++) {
                temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
                try {
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (i + 1 >= NAME_ATTEMPTS) throw e;
                }
            }
            try (FileChannel ch = channel;
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER)) {
                writer.accept(new FlushOnClose(out));
                out.flush();
                ch.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            if (temp != null && channel != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        forceDirectory(dir);
    }

    /** Atomically replaces {@code target} with {@code text} encoded as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        if (text == null) throw Errors.arg("AtomicFiles.writeString", "text must not be null", "a string", null, "target " + target);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Makes the rename itself durable where the platform allows syncing a directory (not on Windows). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file's own content is already on disk
        }
    }

    /** Lets a writer close its stream without closing the channel before it is forced. */
    private static final class FlushOnClose extends FilterOutputStream {
        FlushOnClose(OutputStream out) { super(out); }

        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override public void close() throws IOException { out.flush(); }
    }
}
