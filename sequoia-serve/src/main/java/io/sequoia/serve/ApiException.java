package io.sequoia.serve;

/**
 * A request the server refuses, with the HTTP status to answer and a message that names the field
 * or the limit (sent as {@code {"error": message}}, TensorFlow Serving's error body).
 */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) throw new IllegalArgumentException("ApiException: status must be 4xx or 5xx; got " + status);
        this.status = status;
    }

    public int status() { return status; }

    /** 400: a malformed request or a value out of range. */
    public static ApiException badRequest(String message) { return new ApiException(400, message); }

    /** 413: a request over one of the server's {@link Limits}; the message names the limit, its value and what came. */
    public static ApiException overLimit(String limit, long max, long got, String what) {
        return new ApiException(413, "limit " + limit + " = " + max + " exceeded: " + what + " has " + got);
    }
}
