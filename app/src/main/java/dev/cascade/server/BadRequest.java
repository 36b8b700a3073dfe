package dev.cascade.server;

/** A request parameter failed validation: answered with HTTP 400 and this message. */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
