package dev.cascade.core.normalize;

import java.util.List;

/**
 * A frame, or some elements of a frame, that cannot be normalized. Callers count it, log it with its source, and go
 * on with the next frame. A frame carrying several events rejects only its bad elements: the good ones were emitted,
 * and {@link #reasons()} holds one reason per rejected element.
 */
public final class MalformedFrameException extends Exception {
    private final List<String> reasons;

    public MalformedFrameException(String message) {
        super(message, null, false, false);
        this.reasons = List.of(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause, false, false);
        this.reasons = List.of(getMessage());
    }

    /** Some elements of a multi-event frame failed, each for its reason; the rest were emitted. */
    public MalformedFrameException(List<String> elementReasons) {
        super(elementReasons.size() + " element(s) rejected: " + elementReasons.get(0), null, false, false);
        this.reasons = List.copyOf(elementReasons);
    }

    /** One reason per rejected element (a whole rejected frame counts as one). */
    public List<String> reasons() {
        return reasons;
    }
}
