package io.sequoia.data;

import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Downloads a dataset's files into a cache folder, safely:
 * <ul>
 * <li>bytes go to {@code NAME.part}; only a complete file whose SHA-256 matches is renamed to
 *     {@code NAME} (an atomic move), so a file under its final name is always whole and verified;</li>
 * <li>a broken transfer is resumed from the {@code .part} file with an HTTP {@code Range} request
 *     (a server that ignores it sends the whole file, which then replaces the part);</li>
 * <li>each file is tried up to {@code attempts} times, waiting {@code backoffMillis}·2^k between tries;</li>
 * <li>a checksum mismatch deletes the part file and counts as a failed attempt;</li>
 * <li>a file already present with the right checksum is not downloaded again.</li>
 * </ul>
 */
public final class DatasetFetcher {
    private final Path cache;
    private final int attempts;
    private final long backoffMillis;
    private final PrintStream log;

    /** @param log progress lines (may be null) */
    public DatasetFetcher(Path cache, int attempts, long backoffMillis, PrintStream log) {
        if (attempts < 1) throw Errors.arg("DatasetFetcher", "attempts must be at least 1", ">= 1", attempts, null);
        this.cache = cache;
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
        this.log = log;
    }

    /** Fetches every file of {@code d} into {@code cache/<name>/}; returns that folder. */
    public Path fetch(DatasetRegistry.Dataset d) throws IOException {
        if (d.files().isEmpty()) {
            throw Errors.arg("DatasetFetcher.fetch", "dataset has no download source", "a dataset with files", d.name(), d.description());
        }
        Path dir = cache.resolve(d.name());
        Files.createDirectories(dir);
        for (DatasetRegistry.RemoteFile f : d.files()) fetch(f, dir);
        return dir;
    }

    /** Fetches one file into {@code dir}; returns its path. */
    public Path fetch(DatasetRegistry.RemoteFile f, Path dir) throws IOException {
        Path target = dir.resolve(f.name()), part = dir.resolve(f.name() + ".part");
        if (Files.isRegularFile(target)) {
            if (sha256(target).equals(f.sha256())) { say("%s: present, checksum ok", f.name()); return target; }
            say("%s: present but the checksum differs; downloading again", f.name());
            Files.delete(target);
        }
        IOException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                transfer(f, part);
                String got = sha256(part);
                if (!got.equals(f.sha256())) {
                    Files.deleteIfExists(part);
                    throw new IOException(Errors.format("DatasetFetcher.fetch", "checksum mismatch", "sha256 " + f.sha256(), "sha256 " + got,
                            f.url()));
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                say("%s: %d bytes, sha256 ok", f.name(), Files.size(target));
                return target;
            } catch (IOException e) {
                last = e;
                say("%s: attempt %d of %d failed: %s", f.name(), attempt, attempts, e.getMessage());
                if (attempt < attempts) sleep(backoffMillis << (attempt - 1));
            }
        }
        throw new IOException(Errors.format("DatasetFetcher.fetch", "download failed after " + attempts + " attempts", "the file " + f.name(),
                last == null ? "nothing" : last.getMessage(), f.url()), last);
    }

    /** Appends the rest of the file to {@code part} (resuming when it exists and the server honours Range). */
    private void transfer(DatasetRegistry.RemoteFile f, Path part) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (f.size() > 0 && have > f.size()) { Files.delete(part); have = 0; }
        HttpURLConnection c = (HttpURLConnection) new URL(f.url()).openConnection();
        c.setConnectTimeout(15_000);
        c.setReadTimeout(30_000);
        if (have > 0) c.setRequestProperty("Range", "bytes=" + have + "-");
        int code = c.getResponseCode();
        boolean append;
        if (code == HttpURLConnection.HTTP_PARTIAL && have > 0) {
            append = true;
            say("%s: resuming at byte %d", f.name(), have);
        } else if (code == HttpURLConnection.HTTP_OK) {
            append = false;
        } else if (code == 416 && have == f.size()) {
            return;                                        // the part is already whole
        } else {
            c.disconnect();
            throw new IOException(Errors.format("DatasetFetcher.fetch", "unexpected HTTP status", "200 or 206", code, f.url()));
        }
        try (InputStream in = c.getInputStream();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        } finally {
            c.disconnect();
        }
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private void say(String fmt, Object... args) { if (log != null) log.println(String.format(fmt, args)); }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
