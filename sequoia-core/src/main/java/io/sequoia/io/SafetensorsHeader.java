package io.sequoia.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON header of a safetensors file: encoding it for {@link Safetensors#write} and parsing and
 * validating it for {@link Safetensors#read}. The header is a JSON object mapping each tensor name
 * to {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} object of strings; offsets count from the first byte after the header.
 */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";
    /** Headers larger than this are refused, as by the reference implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The header is padded with spaces so the data starts at a multiple of this. */
    static final int ALIGNMENT = 8;

    /** Where Gson's parse errors say the problem is. */
    private static final Pattern GSON_POSITION = Pattern.compile("at line (\\d+) column (\\d+)");
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);
    /** Dtypes of the format that Sequoia cannot hold as floating point; named so the error can say so. */
    private static final Set<String> OTHER_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64",
            "F8_E5M2", "F8_E4M3", "F8_E4M3FN");

    /** The stored element types Sequoia reads; F16 and BF16 are widened to float32. */
    enum Stored {
        F32(4, DType.FLOAT32), F64(8, DType.FLOAT64), F16(2, DType.FLOAT32), BF16(2, DType.FLOAT32);

        final int bytes;
        final DType target;

        Stored(int bytes, DType target) {
            this.bytes = bytes;
            this.target = target;
        }

        static Stored of(DType t) { return t == DType.FLOAT32 ? F32 : F64; }
    }

    /** One tensor's header entry; offsets are relative to the start of the data section. */
    record Entry(String name, Stored dtype, int[] shape, long begin, long end) {
        int numel() {
            long n = 1;
            for (int s : shape) n *= s;
            return (int) n;
        }
    }

    /** A validated header: entries in file order (by offset) and the metadata. */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    private final Path path;
    private final long headerOffset;

    private SafetensorsHeader(Path path, long headerOffset) {
        this.path = path;
        this.headerOffset = headerOffset;
    }

    // ---- writing ----------------------------------------------------------------------------

    /** The header bytes for {@code tensors} laid out in iteration order, padded with spaces to a multiple of 8. */
    static byte[] encode(Map<String, NDArray> tensors, Map<String, String> metadata) {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setHtmlSafe(false);
            w.beginObject();
            if (!metadata.isEmpty()) {
                w.name(METADATA_KEY).beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) w.name(e.getKey()).value(e.getValue());
                w.endObject();
            }
            long offset = 0;
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                NDArray a = e.getValue();
                long end = offset + (long) a.numel() * a.dtype().bytes();
                w.name(e.getKey()).beginObject();
                w.name("dtype").value(a.dtype().safetensorsName());
                w.name("shape").beginArray();
                for (int s : a.shape()) w.value(s);
                w.endArray();
                w.name("data_offsets").beginArray().value(offset).value(end).endArray();
                w.endObject();
                offset = end;
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * Parses and validates the header bytes of {@code path}, whose data section holds {@code dataBytes}
     * bytes. Entries come back sorted by offset, and must tile the data section exactly.
     */
    static Parsed parse(Path path, byte[] header, long dataBytes) throws SafetensorsFormatException {
        return new SafetensorsHeader(path, Long.BYTES).parse(header, dataBytes);
    }

    private Parsed parse(byte[] header, long dataBytes) throws SafetensorsFormatException {
        Map<String, JsonElement> fields = readObject(decode(header));
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> f : fields.entrySet()) {
            if (f.getKey().equals(METADATA_KEY)) metadata = metadata(f.getValue());
            else entries.add(entry(f.getKey(), f.getValue()));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long dataStart = headerOffset + header.length;
        long expectedBegin = 0;
        for (Entry e : entries) {
            if (e.begin() != expectedBegin) {
                throw fail(dataStart + e.begin(), e.name(), e.begin() > expectedBegin
                                ? "data_offsets leave a gap before this tensor; tensors must be contiguous"
                                : "data_offsets overlap the previous tensor",
                        "begin " + expectedBegin, "begin " + e.begin());
            }
            expectedBegin = e.end();
        }
        if (expectedBegin > dataBytes) {
            throw fail(dataStart + dataBytes, null, "file is truncated: the header declares more data than the file holds",
                    expectedBegin + " data bytes", dataBytes + " data bytes");
        }
        if (expectedBegin < dataBytes) {
            throw fail(dataStart + expectedBegin, null, "file has bytes after the last tensor",
                    expectedBegin + " data bytes", dataBytes + " data bytes");
        }
        return new Parsed(Collections.unmodifiableList(entries), Collections.unmodifiableMap(metadata));
    }

    private String decode(byte[] header) throws SafetensorsFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw fail(headerOffset, null, "header must be UTF-8", "UTF-8 text", "invalid bytes", e);
        }
    }

    /** The top-level object, field by field, refusing duplicate names (a plain JSON parse would keep the last). */
    private Map<String, JsonElement> readObject(String json) throws SafetensorsFormatException {
        Map<String, JsonElement> fields = new LinkedHashMap<>();
        try {
            JsonReader r = new JsonReader(new StringReader(json));
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw fail(headerOffset, null, "header must be a JSON object", "an object", r.peek());
            }
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (fields.containsKey(name)) {
                    throw fail(headerOffset, name, "tensor names must be unique", "one entry", "a second entry");
                }
                fields.put(name, JSON.read(r));
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw fail(headerOffset, null, "header must hold one JSON object", "end of header", r.peek());
            }
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            if (e instanceof SafetensorsFormatException s) throw s;
            Matcher m = GSON_POSITION.matcher(String.valueOf(e.getMessage()));
            if (!m.find()) throw fail(headerOffset, null, "header is not valid JSON", "a JSON object", e.getMessage(), e);
            int line = Integer.parseInt(m.group(1)), column = Integer.parseInt(m.group(2));
            long offset = line == 1 && column - 1 <= json.length()
                    ? headerOffset + json.substring(0, column - 1).getBytes(StandardCharsets.UTF_8).length : headerOffset;
            throw fail(offset, null, "header is not valid JSON", "a JSON object",
                    "malformed JSON at line " + line + " column " + column, e);
        }
        return fields;
    }

    private Map<String, String> metadata(JsonElement value) throws SafetensorsFormatException {
        if (!value.isJsonObject()) throw fail(headerOffset, null, METADATA_KEY + " must be an object", "an object", value);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw fail(headerOffset, null, METADATA_KEY + " values must be strings", "a string for key '" + e.getKey() + "'", v);
            }
            out.put(e.getKey(), v.getAsString());
        }
        return out;
    }

    private Entry entry(String name, JsonElement value) throws SafetensorsFormatException {
        if (!value.isJsonObject()) throw fail(headerOffset, name, "an entry must be an object", "{dtype, shape, data_offsets}", value);
        JsonObject o = value.getAsJsonObject();
        Stored dtype = dtype(name, field(o, name, "dtype"));
        long[] shape = integers(name, "shape", field(o, name, "shape"), -1);
        long[] offsets = integers(name, "data_offsets", field(o, name, "data_offsets"), 2);
        long numel = 1;
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw fail(headerOffset, name, "shape sizes must be non-negative", "sizes >= 0", Arrays.toString(shape));
            if (shape[i] > Integer.MAX_VALUE) throw fail(headerOffset, name, "shape size too large", "at most " + Integer.MAX_VALUE, shape[i]);
            dims[i] = (int) shape[i];
            numel = numel == 0 || shape[i] == 0 ? 0 : numel * shape[i];
            if (numel > Integer.MAX_VALUE - 8) {
                throw fail(headerOffset, name, "tensor too large", "at most 2^31-9 elements", Arrays.toString(shape));
            }
        }
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin) {
            throw fail(headerOffset, name, "data_offsets must be [begin, end] with 0 <= begin <= end",
                    "0 <= begin <= end", Arrays.toString(offsets));
        }
        long bytes = numel * dtype.bytes;
        if (end - begin != bytes) {
            throw fail(headerOffset, name, "data_offsets must span numel x dtype size bytes",
                    bytes + " bytes (" + numel + " x " + dtype.bytes + " for " + dtype + " shape " + Arrays.toString(shape) + ")",
                    (end - begin) + " bytes (data_offsets " + Arrays.toString(offsets) + ")");
        }
        return new Entry(name, dtype, dims, begin, end);
    }

    private JsonElement field(JsonObject o, String name, String key) throws SafetensorsFormatException {
        JsonElement v = o.get(key);
        if (v == null) throw fail(headerOffset, name, "an entry needs dtype, shape and data_offsets", "a '" + key + "' field", "none");
        return v;
    }

    private Stored dtype(String name, JsonElement v) throws SafetensorsFormatException {
        String s = v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() ? v.getAsString() : null;
        for (Stored t : Stored.values()) if (t.name().equals(s)) return t;
        String rule = s != null && OTHER_DTYPES.contains(s) ? "dtype is not supported (Sequoia holds float32 and float64)" : "unknown dtype";
        throw fail(headerOffset, name, rule, "F32, F64, F16 or BF16", v);
    }

    /** A JSON array of integers ({@code length} of them unless negative). */
    private long[] integers(String name, String key, JsonElement v, int length) throws SafetensorsFormatException {
        String expected = length < 0 ? "an array of integers" : "an array of " + length + " integers";
        if (!v.isJsonArray()) throw fail(headerOffset, name, key + " must be " + expected, expected, v);
        JsonArray a = v.getAsJsonArray();
        if (length >= 0 && a.size() != length) throw fail(headerOffset, name, key + " must be " + expected, expected, v);
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            try {
                if (!(x instanceof JsonPrimitive p) || !p.isNumber()) throw new ArithmeticException();
                out[i] = new BigDecimal(p.getAsString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw fail(headerOffset, name, key + " must be " + expected, expected, v);
            }
        }
        return out;
    }

    private SafetensorsFormatException fail(long offset, String tensor, String rule, Object expected, Object got) {
        return SafetensorsFormatException.of(path, offset, tensor, rule, expected, got);
    }

    private SafetensorsFormatException fail(long offset, String tensor, String rule, Object expected, Object got, Throwable cause) {
        return SafetensorsFormatException.of(path, offset, tensor, rule, expected, got, cause);
    }
}
