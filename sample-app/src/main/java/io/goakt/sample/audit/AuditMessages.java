package io.goakt.sample.audit;

import java.util.List;

/** The messages of {@link AuditActor}. */
public final class AuditMessages {

    private AuditMessages() {
    }

    /** Appends {@code text} to the audit log; no reply. */
    public record Record(String text) {
    }

    /** Asks for the log; replies {@link Log}. */
    public enum GetLog {
        /** The only instance. */
        INSTANCE
    }

    /** How many entries were recorded, and the latest ones, newest last. */
    public record Log(long total, List<String> latest) {
    }
}
