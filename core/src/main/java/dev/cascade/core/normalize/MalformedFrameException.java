package dev.cascade.core.normalize;

/** A frame that cannot be normalized. Callers count it, log it with its source, and go on with the next frame. */
public final class MalformedFrameException extends Exception {
    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause, false, false);
    }
}
