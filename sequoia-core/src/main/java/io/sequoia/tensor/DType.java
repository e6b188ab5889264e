package io.sequoia.tensor;

/** Element types. FLOAT32 is the working type; FLOAT64 serves reference kernels and gradient checks. */
public enum DType {
    FLOAT32("F32", 4), FLOAT64("F64", 8);

    private final String safetensorsName;
    private final int bytes;

    DType(String safetensorsName, int bytes) {
        this.safetensorsName = safetensorsName;
        this.bytes = bytes;
    }

    /** The dtype's name in the safetensors header ("F32", "F64"). */
    public String safetensorsName() { return safetensorsName; }

    public int bytes() { return bytes; }

    public static DType fromSafetensors(String name) {
        for (DType t : values()) if (t.safetensorsName.equals(name)) return t;
        throw new IllegalArgumentException(Errors.format("DType.fromSafetensors", "unsupported dtype",
                "F32 or F64", name, null));
    }
}
