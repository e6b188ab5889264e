package io.sequoia.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A protocol-buffers message written field by field (the wire format: varints, length-delimited
 * bytes and nested messages, little-endian fixed32). Enough to write ONNX's {@code ModelProto}
 * without the protobuf runtime; field numbers are onnx.proto's.
 */
final class Protobuf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) { varint(((long) field << 3) | wireType); }

    Protobuf int64(int field, long v) {
        tag(field, 0);
        varint(v);
        return this;
    }

    Protobuf float32(int field, float v) {
        tag(field, 5);
        int b = Float.floatToIntBits(v);
        for (int i = 0; i < 4; i++) out.write((b >>> (8 * i)) & 0xFF);
        return this;
    }

    Protobuf bytes(int field, byte[] b) {
        tag(field, 2);
        varint(b.length);
        out.writeBytes(b);
        return this;
    }

    Protobuf string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    Protobuf message(int field, Protobuf m) { return bytes(field, m.toByteArray()); }

    byte[] toByteArray() { return out.toByteArray(); }

    /** Floats as little-endian bytes (TensorProto.raw_data). */
    static byte[] raw(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    static byte[] raw(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return b.array();
    }
}
