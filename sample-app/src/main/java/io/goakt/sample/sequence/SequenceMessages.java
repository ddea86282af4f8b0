package io.goakt.sample.sequence;

/** The messages of {@link SequenceActor}. */
public final class SequenceMessages {

    private SequenceMessages() {
    }

    /** Asks for the next number; replies {@link Issued}. */
    public enum Next {
        /** The only instance. */
        INSTANCE
    }

    /** A number, and the member (its remoting endpoint) whose actor issued it. */
    public record Issued(long value, String issuedBy) {
    }
}
