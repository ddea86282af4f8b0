package io.goakt.actor;

/** How a repeating timer spaces its deliveries. */
public enum TimerMode {
    /** Deliver every interval measured from the first delivery, whatever the actor's speed. */
    FIXED_RATE,
    /**
     * Deliver one interval after the actor has handled the previous delivery, so a slow actor never has two of
     * them queued.
     */
    FIXED_DELAY
}
