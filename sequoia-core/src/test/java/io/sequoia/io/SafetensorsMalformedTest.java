package io.sequoia.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.sequoia.io.SafetensorsTest.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed file is refused with a {@link SafetensorsFormatException} naming the file, the tensor and the numbers. */
class SafetensorsMalformedTest {
    @TempDir Path dir;

    /** A file with header length {@code n}, then {@code rest} verbatim. */
    static Path rawFile(Path dir, long n, byte[] rest) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(rest);
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    /** A file whose header is {@code json} (unpadded) followed by {@code data}. */
    static Path rawFile(Path dir, String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        byte[] rest = new byte[h.length + data.length];
        System.arraycopy(h, 0, rest, 0, h.length);
        System.arraycopy(data, 0, rest, h.length, data.length);
        return rawFile(dir, h.length, rest);
    }

    /** Reads {@code f}, expecting a format exception at {@code offset} whose message names the file and holds each fragment. */
    private static SafetensorsFormatException fails(Path f, long offset, String... fragments) {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith("Safetensors.read: "), m);
        assertTrue(m.contains("file " + f), m);
        for (String s : fragments) assertTrue(m.contains(s), "missing '" + s + "' in: " + m);
        assertEquals(f, e.path());
        assertEquals(offset, e.offset(), m);
        return e;
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    private Path header(String entries, int dataBytes) throws IOException {
        return rawFile(dir, "{" + entries + "}", new byte[dataBytes]);
    }

    @Test void fileShorterThanTheLengthField() throws IOException {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[5]);
        fails(f, 0, "file too short", "expected at least 8 bytes, got 5 bytes");
    }

    @Test void absurdHeaderLength() throws IOException {
        fails(rawFile(dir, 200_000_000L, new byte[8]), 0, "header length is absurd", "at most 100000000 bytes, got 200000000 bytes");
        fails(rawFile(dir, -1L, new byte[8]), 0, "got 18446744073709551615 bytes");
    }

    @Test void headerLengthBeyondTheFile() throws IOException {
        fails(rawFile(dir, 100, new byte[20]), 0, "header length exceeds the file", "expected at most 20 bytes (file size 28 - 8), got 100 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\":          | 5  | header is not valid JSON; expected a JSON object, got malformed JSON at line 1 column 6",
            "{\"a\":{},}      | 9  | got malformed JSON at line 1 column 10",
            "{} {}            | 4  | got malformed JSON at line 1 column 5",
            "{\"é\":{},       | 9  | got malformed JSON at line 1 column 9",
            "[1, 2]           | 0  | header must be a JSON object; expected an object, got BEGIN_ARRAY",
            "{\"a\": 3}       | 0  | tensor 'a'",
            "{\"__metadata__\": {\"k\": 1}} | 0 | __metadata__ values must be strings; expected a string for key 'k', got 1",
    })
    void headerNotAValidObject(String json, int offsetInHeader, String fragment) throws IOException {
        fails(rawFile(dir, json, new byte[0]), 8 + offsetInHeader, fragment);
    }

    @Test void headerNotUtf8() throws IOException {
        fails(rawFile(dir, 4, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}), 8, "header must be UTF-8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dtype        | \"shape\":[1],\"data_offsets\":[0,4]",
            "shape        | \"dtype\":\"F32\",\"data_offsets\":[0,4]",
            "data_offsets | \"dtype\":\"F32\",\"shape\":[1]",
    })
    void entryMissingAField(String field, String fields) throws IOException {
        fails(rawFile(dir, "{\"w\":{" + fields + "}}", new byte[4]), 8, "tensor 'w'", "expected a '" + field + "' field, got none");
    }

    @Test void unknownAndUnsupportedDtypes() throws IOException {
        fails(header(entry("w", "F33", "[1]", "[0,4]"), 4), 8, "unknown dtype", "expected F32, F64, F16 or BF16, got \"F33\"", "tensor 'w'");
        fails(header(entry("ids", "I64", "[1]", "[0,8]"), 8), 8, "dtype is not supported", "got \"I64\"", "tensor 'ids'");
    }

    @Test void negativeOrNonIntegerShape() throws IOException {
        fails(header(entry("w", "F32", "[-1,2]", "[0,0]"), 0), 8, "shape sizes must be non-negative", "got [-1, 2]", "tensor 'w'");
        fails(header(entry("w", "F32", "[1.5]", "[0,4]"), 4), 8, "shape must be an array of integers", "got [1.5]");
        fails(header(entry("w", "F32", "[1]", "[0,4,8]"), 4), 8, "data_offsets must be an array of 2 integers", "got [0,4,8]");
    }

    @Test void offsetsOutOfOrderWithinAnEntry() throws IOException {
        fails(header(entry("w", "F32", "[1]", "[8,4]"), 8), 8, "0 <= begin <= end", "got [8, 4]", "tensor 'w'");
    }

    @Test void sizeDisagreesWithShapeAndDtype() throws IOException {
        fails(header(entry("w", "F32", "[3]", "[0,8]"), 8), 8, "tensor 'w'",
                "expected 12 bytes (3 x 4 for F32 shape [3]), got 8 bytes (data_offsets [0, 8])");
    }

    @Test void overlappingTensors() throws IOException {
        Path f = header(entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[4,12]"), 12);
        long dataStart = 8 + Files.size(f) - 8 - 12;
        fails(f, dataStart + 4, "overlap the previous tensor", "expected begin 8, got begin 4", "tensor 'b'");
    }

    @Test void gapsBetweenOrBeforeTensors() throws IOException {
        Path f = header(entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[8,12]"), 12);
        fails(f, Files.size(f) - 12 + 8, "leave a gap", "expected begin 4, got begin 8", "tensor 'b'");
        Path g = header(entry("a", "F32", "[1]", "[4,8]"), 8);
        fails(g, Files.size(g) - 8 + 4, "leave a gap", "expected begin 0, got begin 4", "tensor 'a'");
    }

    @Test void truncatedData() throws IOException {
        Path f = header(entry("w", "F32", "[4]", "[0,16]"), 10);
        fails(f, Files.size(f), "file is truncated", "expected 16 data bytes, got 10 data bytes");
    }

    @Test void trailingBytesAfterTheLastTensor() throws IOException {
        Path f = header(entry("w", "F32", "[4]", "[0,16]"), 20);
        fails(f, Files.size(f) - 4, "bytes after the last tensor", "expected 16 data bytes, got 20 data bytes");
    }

    @Test void duplicateNames() throws IOException {
        Path f = rawFile(dir, "{" + entry("w", "F32", "[1]", "[0,4]") + "," + entry("w", "F32", "[1]", "[4,8]") + "}", floats(1, 2));
        fails(f, 8, "tensor names must be unique", "tensor 'w'");
    }
}
