package io.goakt.sample.leader;

/** The messages of {@link LeaderActor}. */
public final class LeaderMessages {

    private LeaderMessages() {
    }

    /** Asks which member leads; replies {@link Leader}. */
    public enum WhoLeads {
        /** The only instance. */
        INSTANCE
    }

    /** The member (its cluster id) that runs the leader, and since when (epoch milliseconds). */
    public record Leader(String member, long since) {
    }
}
