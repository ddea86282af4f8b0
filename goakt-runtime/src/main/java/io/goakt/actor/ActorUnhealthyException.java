package io.goakt.actor;

/** The failure reported to the supervisor when an actor's health probe fails too many times in a row. */
public class ActorUnhealthyException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** With the probe's last reason. */
    public ActorUnhealthyException(String message, Throwable cause) {
        super(message, cause);
    }
}
