package io.sequoia.io;

import io.sequoia.tensor.DType;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips, the pinned byte layout, and reading half-precision files written elsewhere. */
class SafetensorsTest {
    @TempDir Path dir;

    /** Every tensor equal bit for bit (NaN payloads and signed zeros included), in the same order. */
    static void assertBitExact(Map<String, NDArray> expected, Map<String, NDArray> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        expected.forEach((k, e) -> {
            NDArray a = actual.get(k);
            assertEquals(e.dtype(), a.dtype(), k);
            assertArrayEquals(e.shape(), a.shape(), k);
            for (int i = 0; i < e.numel(); i++) {
                boolean same = e.dtype() == DType.FLOAT32
                        ? Float.floatToRawIntBits(e.floatData()[i]) == Float.floatToRawIntBits(a.floatData()[i])
                        : Double.doubleToRawLongBits(e.doubleData()[i]) == Double.doubleToRawLongBits(a.doubleData()[i]);
                assertTrue(same, k + "[" + i + "]: expected " + e.getDouble(i) + ", got " + a.getDouble(i));
            }
        });
    }

    @Test void roundTripIsBitExactForF32AndF64WithScalarsAndEmptyTensors() throws Exception {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("z.weight", NDArray.wrap(new float[] {1f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.POSITIVE_INFINITY,
                Float.MIN_VALUE, Float.MAX_VALUE, -1e-40f}, 2, 4));
        t.put("a.bias", NDArray.wrap(new double[] {Math.PI, -0.0, Double.MIN_VALUE, Double.NEGATIVE_INFINITY}, 4));
        t.put("scalar32", NDArray.scalar(DType.FLOAT32, 2.5));
        t.put("scalar64", NDArray.scalar(DType.FLOAT64, -7.25));
        t.put("empty", NDArray.empty(DType.FLOAT32, 0, 3));
        t.put("empty64", NDArray.empty(DType.FLOAT64, 2, 0));
        t.put("big", NDArray.randn(DType.FLOAT32, new Generator(7), 600, 500)); // larger than one I/O chunk
        Map<String, String> meta = Map.of("format", "pt", "note", "héllo \"quoted\" <tag>");
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(f, t, meta);
        Safetensors.Contents c = Safetensors.read(f);
        assertBitExact(t, c.tensors());
        assertEquals(meta, c.metadata());
    }

    @Test void noTensorsAndNoMetadataIsAValidFile() throws Exception {
        Path f = dir.resolve("empty.safetensors");
        Safetensors.write(f, Map.of());
        Safetensors.Contents c = Safetensors.read(f);
        assertTrue(c.tensors().isEmpty());
        assertTrue(c.metadata().isEmpty());
        assertEquals("0800000000000000" + "7b7d202020202020", HexFormat.of().formatHex(Files.readAllBytes(f)));
    }

    /** The exact bytes {@code safetensors.torch.save_file} produces for the same tensors (compact JSON, space padding). */
    @Test void bytesMatchTheHandWrittenLayout() throws Exception {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("a", NDArray.wrap(new float[] {1f, -2f}, 2));
        t.put("b", NDArray.scalar(DType.FLOAT64, 0.5));
        Path f = dir.resolve("tiny.safetensors");
        Safetensors.write(f, t, Map.of("k", "v"));
        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]}}";
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(HexFormat.of().parseHex("8800000000000000")); // 136 = 132 bytes of JSON + 4 spaces
        expected.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        expected.writeBytes("    ".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(HexFormat.of().parseHex("0000803f" + "000000c0")); // 1.0f, -2.0f
        expected.writeBytes(HexFormat.of().parseHex("000000000000e03f"));      // 0.5
        assertEquals(HexFormat.of().formatHex(expected.toByteArray()), HexFormat.of().formatHex(Files.readAllBytes(f)));
    }

    @Test void readsTensorsInOffsetOrderWhateverTheHeaderOrder() throws Exception {
        Path f = SafetensorsMalformedTest.rawFile(dir, "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1f, 2f));
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(List.of("first", "second"), List.copyOf(c.tensors().keySet()));
        assertEquals(2f, c.tensors().get("second").floatData()[0]);
    }

    @Test void widensF16AndBF16ToFloat32() throws Exception {
        // F16: 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), -0, inf; BF16: 1.0, -3.0
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : new int[] {0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x3f80, 0xc040}) data.putShort((short) h);
        Path f = SafetensorsMalformedTest.rawFile(dir, "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]}}", data.array());
        Safetensors.Contents c = Safetensors.read(f);
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY}, c.tensors().get("h").floatData());
        assertArrayEquals(new int[] {2, 3}, c.tensors().get("h").shape());
        assertArrayEquals(new float[] {1f, -3f}, c.tensors().get("b").floatData());
        assertTrue(Float.isNaN(Safetensors.halfToFloat((short) 0x7e00)));
        assertEquals(0x1p-14f, Safetensors.halfToFloat((short) 0x0400)); // smallest normal
    }

    @Test void writeRefusesTheMetadataKeyAsATensorName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Safetensors.write(dir.resolve("x.safetensors"), Map.of("__metadata__", NDArray.scalar(DType.FLOAT32, 1)), null));
        assertTrue(e.getMessage().startsWith("Safetensors.write: tensor names"), e.getMessage());
        assertTrue(e.getMessage().contains("got __metadata__"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.safetensors")));
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }
}
