package io.sequoia.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fetcher against an HTTP server on 127.0.0.1 (no test reaches the internet). */
class DatasetFetcherTest {
    @TempDir Path cache;
    private HttpServer server;
    private final byte[] body = "line one\nline two\nline three\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> ranges = new ArrayList<>();
    /** Behaviour of the next requests: "ok", "500", "cut" (send half, then drop), "ignore-range". */
    private final List<String> script = new ArrayList<>();

    @BeforeEach void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/f", ex -> {
            requests.incrementAndGet();
            String mode = script.isEmpty() ? "ok" : script.remove(0);
            String range = ex.getRequestHeaders().getFirst("Range");
            ranges.add(range);
            if (mode.equals("500")) { ex.sendResponseHeaders(500, -1); ex.close(); return; }
            int from = range != null && !mode.equals("ignore-range") ? Integer.parseInt(range.replaceAll("\\D", "")) : 0;
            byte[] part = java.util.Arrays.copyOfRange(body, from, body.length);
            ex.sendResponseHeaders(from > 0 ? 206 : 200, part.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(part, 0, mode.equals("cut") ? part.length / 2 : part.length);
                if (mode.equals("cut")) {
                    o.flush();
                    try { Thread.sleep(300); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                    throw new IOException("connection dropped");   // the client has read the first half by now
                }
            }
        });
        server.start();
    }

    @AfterEach void stop() { server.stop(0); }

    private DatasetRegistry.RemoteFile file(String sha) {
        return new DatasetRegistry.RemoteFile("data.txt", "http://127.0.0.1:" + server.getAddress().getPort() + "/f", sha, body.length);
    }

    private String sha() throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)); }

    @Test void downloadsVerifiesAndRenames() throws Exception {
        Path p = new DatasetFetcher(cache, 1, 0, null).fetch(file(sha()), cache);
        assertArrayEquals(body, Files.readAllBytes(p));
        assertFalse(Files.exists(cache.resolve("data.txt.part")));
        new DatasetFetcher(cache, 1, 0, null).fetch(file(sha()), cache);
        assertEquals(1, requests.get(), "a verified file is not downloaded again");
    }

    @Test void retriesAfterAServerError() throws Exception {
        script.add("500");
        Path p = new DatasetFetcher(cache, 3, 1, null).fetch(file(sha()), cache);
        assertArrayEquals(body, Files.readAllBytes(p));
        assertEquals(2, requests.get());
    }

    @Test void resumesAPartFileWithARangeRequest() throws Exception {
        Files.write(cache.resolve("data.txt.part"), java.util.Arrays.copyOf(body, 1000));   // left by a broken transfer
        Path p = new DatasetFetcher(cache, 1, 0, null).fetch(file(sha()), cache);
        assertArrayEquals(body, Files.readAllBytes(p));
        assertEquals(List.of("bytes=1000-"), ranges);
    }

    @Test void aConnectionDroppedMidTransferIsRetried() throws Exception {
        script.add("cut");
        Path p = new DatasetFetcher(cache, 3, 1, null).fetch(file(sha()), cache);
        assertArrayEquals(body, Files.readAllBytes(p));
        assertEquals(2, requests.get());
    }

    @Test void aServerIgnoringRangeRestartsTheFile() throws Exception {
        Files.write(cache.resolve("data.txt.part"), java.util.Arrays.copyOf(body, 100));
        script.add("ignore-range");
        Path p = new DatasetFetcher(cache, 1, 0, null).fetch(file(sha()), cache);
        assertArrayEquals(body, Files.readAllBytes(p));
    }

    @Test void aChecksumMismatchLeavesNoFileBehind() {
        String wrong = "0".repeat(64);
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher(cache, 2, 1, null).fetch(file(wrong), cache));
        assertTrue(e.getMessage().startsWith("DatasetFetcher.fetch: download failed after 2 attempts; expected the file data.txt, got "
                + "DatasetFetcher.fetch: checksum mismatch; expected sha256 " + wrong), e.getMessage());
        assertFalse(Files.exists(cache.resolve("data.txt")));
        assertFalse(Files.exists(cache.resolve("data.txt.part")));
    }

    @Test void datasetWithoutSourceCannotBeFetched() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetFetcher(cache, 1, 0, null).fetch(DatasetRegistry.get("imdb")));
        assertTrue(e.getMessage().startsWith("DatasetFetcher.fetch: dataset has no download source; expected a dataset with files, got imdb"));
    }
}
