package io.sequoia.serve;

/**
 * A request the server refuses, with the HTTP status to answer and a message that names the field
 * or the limit (sent as {@code {"error": message}}, TensorFlow Serving's error body).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final boolean bodyLeftUnread;

    public ApiException(int status, String message) {
        this(status, message, false);
    }

    private ApiException(int status, String message, boolean bodyLeftUnread) {
        super(message);
        if (status < 400 || status > 599) throw new IllegalArgumentException("ApiException: status must be 4xx or 5xx; got " + status);
        this.status = status;
        this.bodyLeftUnread = bodyLeftUnread;
    }

    public int status() { return status; }

    /**
     * True when the refusal came before the request body was read to its end: the answer must close
     * the connection, since the unread bytes would otherwise be taken for the client's next request.
     */
    public boolean bodyLeftUnread() { return bodyLeftUnread; }

    /** 413 for a body over {@code max} bytes, refused before it was read whole (the connection is closed after the answer). */
    public static ApiException bodyTooLarge(long max, long got, String what) {
        return new ApiException(413, "limit max_body_bytes = " + max + " exceeded: " + what + " has " + got, true);
    }

    /** 400: a malformed request or a value out of range. */
    public static ApiException badRequest(String message) { return new ApiException(400, message); }

    /** 413: a request over one of the server's {@link Limits}; the message names the limit, its value and what came. */
    public static ApiException overLimit(String limit, long max, long got, String what) {
        return new ApiException(413, "limit " + limit + " = " + max + " exceeded: " + what + " has " + got);
    }
}
