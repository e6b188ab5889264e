package io.sequoia.io;

import io.sequoia.io.SafetensorsHeader.Entry;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.NDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes Hugging Face's <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, byte-compatible with {@code safetensors.torch.save_file} / {@code load_file}:
 * <pre>
 * [8 bytes]  N, the header length, unsigned little-endian
 * [N bytes]  UTF-8 JSON {"__metadata__": {..strings..}, "name": {"dtype": "F32", "shape": [..],
 *            "data_offsets": [begin, end]}, ...}, padded with spaces to a multiple of 8
 * [rest]     the tensors' raw little-endian bytes, contiguous, offsets relative to this section
 * </pre>
 * Sequoia writes F32 and F64 and reads F32, F64, and F16/BF16 (widened to float32). Reading
 * validates everything the header claims and reports problems as {@link SafetensorsFormatException}.
 * Writes are atomic ({@link AtomicFiles}).
 */
public final class Safetensors {
    /** Bytes moved per read or write call; a multiple of every element size. */
    private static final int CHUNK = 1 << 20;

    private Safetensors() {}

    /**
     * What a safetensors file holds.
     * @param tensors  the tensors in file order (by data offset)
     * @param metadata the {@code __metadata__} strings (empty if the file has none)
     */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {}

    /** Writes {@code tensors} (in iteration order) and {@code metadata} (may be null or empty) to {@code file}, atomically. */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = metadata == null ? Map.of() : metadata;
        checkArguments(file, tensors, meta);
        byte[] header = SafetensorsHeader.encode(tensors, meta);
        AtomicFiles.write(file, out -> {
            ByteBuffer buf = ByteBuffer.allocate(Math.max(CHUNK, Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(0, header.length);
            out.write(buf.array(), 0, Long.BYTES);
            out.write(header);
            for (NDArray a : tensors.values()) writeData(a, buf, out);
        });
    }

    /** Writes {@code tensors} with no metadata. */
    public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
        write(file, tensors, null);
    }

    static void checkArguments(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        if (file == null) throw Errors.arg("Safetensors.write", "file must not be null", "a path", null, null);
        if (tensors == null) throw Errors.arg("Safetensors.write", "tensors must not be null", "a map", null, "file " + file);
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw Errors.arg("Safetensors.write", "tensor names must be non-null and not '" + SafetensorsHeader.METADATA_KEY + "'",
                        "a name like '0.weight'", e.getKey(), "file " + file);
            }
            if (e.getValue() == null) {
                throw Errors.arg("Safetensors.write", "tensors must not be null", "an NDArray", null, "tensor '" + e.getKey() + "'");
            }
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw Errors.arg("Safetensors.write", "metadata keys and values must be non-null strings", "strings",
                        e.getKey() + "=" + e.getValue(), "file " + file);
            }
        }
    }

    private static void writeData(NDArray a, ByteBuffer buf, OutputStream out) throws IOException {
        int n = a.numel(), per = CHUNK / a.dtype().bytes();
        for (int off = 0; off < n; off += per) {
            int len = Math.min(per, n - off);
            buf.clear();
            if (a.dtype() == DType.FLOAT32) buf.asFloatBuffer().put(a.floatData(), off, len);
            else buf.asDoubleBuffer().put(a.doubleData(), off, len);
            out.write(buf.array(), 0, len * a.dtype().bytes());
        }
    }

    /** Reads a safetensors file, checking its header against its size. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < Long.BYTES) {
                throw SafetensorsFormatException.of(file, 0, null, "file too short for the 8-byte header length",
                        "at least 8 bytes", size + " bytes");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0, file);
            long n = lengthBytes.getLong(0); // unsigned: a huge value reads as negative
            if (n < 0 || n > SafetensorsHeader.MAX_HEADER_BYTES) {
                throw SafetensorsFormatException.of(file, 0, null, "header length is absurd",
                        "at most " + SafetensorsHeader.MAX_HEADER_BYTES + " bytes", Long.toUnsignedString(n) + " bytes");
            }
            if (n > size - Long.BYTES) {
                throw SafetensorsFormatException.of(file, 0, null, "header length exceeds the file",
                        "at most " + (size - Long.BYTES) + " bytes (file size " + size + " - 8)", n + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, Long.BYTES, file);
            long dataStart = Long.BYTES + n;
            SafetensorsHeader.Parsed parsed = SafetensorsHeader.parse(file, header.array(), size - dataStart);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : parsed.entries()) tensors.put(e.name(), readData(ch, e, dataStart, buf, file));
            return new Contents(Collections.unmodifiableMap(tensors), parsed.metadata());
        }
    }

    private static NDArray readData(FileChannel ch, Entry e, long dataStart, ByteBuffer buf, Path file) throws IOException {
        int n = e.numel(), size = e.dtype().bytes, per = CHUNK / size;
        float[] f = e.dtype().target == DType.FLOAT32 ? new float[n] : null;
        double[] d = f == null ? new double[n] : null;
        for (int off = 0; off < n; off += per) {
            int len = Math.min(per, n - off);
            buf.clear().limit(len * size);
            readFully(ch, buf, dataStart + e.begin() + (long) off * size, file);
            buf.flip();
            switch (e.dtype()) {
                case F32 -> buf.asFloatBuffer().get(f, off, len);
                case F64 -> buf.asDoubleBuffer().get(d, off, len);
                case F16 -> widen(buf.asShortBuffer(), f, off, len, false);
                case BF16 -> widen(buf.asShortBuffer(), f, off, len, true);
            }
        }
        return f != null ? NDArray.wrap(f, e.shape()) : NDArray.wrap(d, e.shape());
    }

    private static void widen(ShortBuffer in, float[] out, int off, int len, boolean bfloat) {
        for (int i = 0; i < len; i++) {
            short h = in.get(i);
            out[off + i] = bfloat ? Float.intBitsToFloat((h & 0xffff) << 16) : halfToFloat(h);
        }
    }

    /** IEEE 754 binary16 to binary32, exact (every half value is a float). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf, NaN
        if (exp == 0) { // zero or subnormal: mant x 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 127 - 15) << 23) | (mant << 13));
    }

    /** Fills {@code buf} from {@code position}; the header already promised these bytes, so EOF means the file shrank. */
    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw SafetensorsFormatException.of(file, p, null, "unexpected end of file", buf.remaining() + " more bytes", "end of file");
            }
            p += r;
        }
    }
}
