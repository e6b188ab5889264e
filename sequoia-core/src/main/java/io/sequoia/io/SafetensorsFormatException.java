package io.sequoia.io;

import io.sequoia.tensor.Errors;

import java.nio.file.Path;

/**
 * A malformed safetensors file: bad header length, bad JSON, unknown dtype, inconsistent offsets,
 * truncated data. The message names the file, the tensor (if one is at fault) and the numbers.
 */
public class SafetensorsFormatException extends FileFormatException {
    public SafetensorsFormatException(Path path, long offset, String message) {
        super(path, offset, message);
    }

    public SafetensorsFormatException(Path path, long offset, String message, Throwable cause) {
        super(path, offset, message, cause);
    }

    /** Builds the house-style message {@code Safetensors.read: rule; expected X, got Y (file F, tensor 'T', byte offset O)}. */
    static SafetensorsFormatException of(Path path, long offset, String tensor, String rule, Object expected, Object got) {
        return of(path, offset, tensor, rule, expected, got, null);
    }

    static SafetensorsFormatException of(Path path, long offset, String tensor, String rule, Object expected, Object got,
                                         Throwable cause) {
        StringBuilder context = new StringBuilder("file ").append(path);
        if (tensor != null) context.append(", tensor '").append(tensor).append('\'');
        if (offset >= 0) context.append(", byte offset ").append(offset);
        return new SafetensorsFormatException(path, offset,
                Errors.format("Safetensors.read", rule, expected, got, context.toString()), cause);
    }
}
