package io.goakt.actor;

/**
 * Completes an {@code ask} whose message the target passed to {@link ReceiveContext#unhandled()}, or dropped
 * because it failed on it.
 */
public class MessageNotHandledException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** With the reason. */
    public MessageNotHandledException(String message) {
        super(message);
    }
}
