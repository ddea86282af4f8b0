package io.goakt.actor;

/** Base of every exception the runtime throws or completes a stage with. */
public class GoaktException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public GoaktException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public GoaktException(String message, Throwable cause) {
        super(message, cause);
    }
}
