package io.goakt.internal.cluster.cron;

import io.goakt.cluster.ClusterCron;

import java.util.Comparator;

/**
 * One schedule in a member's replica: what fires, where to, and the last tick fired; or, with {@code cancelled}, the
 * tombstone of a cancelled schedule, kept so that an older copy arriving late does not bring it back.
 *
 * <p>A write (schedule or cancel) is stamped with {@code (version, origin)}: a hybrid clock in milliseconds and the
 * writing member's id, compared in that order. The entry with the greater stamp wins on every member, whatever the
 * order copies arrive in; copies with the same stamp merge by keeping the later {@code lastFired}.
 *
 * @param key       the schedule's key
 * @param version   the write's hybrid-clock stamp
 * @param origin    the id of the member that wrote it
 * @param expression the cron expression
 * @param zone      the time zone's id
 * @param target    where the message goes
 * @param typeId    the message's serializer type id
 * @param message   the message's bytes
 * @param lastFired the last tick fired (epoch milliseconds); the write's time until a tick fires
 * @param cancelled true for a tombstone
 */
record CronEntry(String key, long version, String origin, String expression, String zone,
                 ClusterCron.Target target, String typeId, byte[] message, long lastFired, boolean cancelled) {

    /** Orders writes: the greater stamp wins. */
    static final Comparator<CronEntry> STAMP = Comparator.comparingLong(CronEntry::version)
            .thenComparing(CronEntry::origin);

    /** This entry with {@code tick} as its last tick fired. */
    CronEntry firedAt(long tick) {
        return new CronEntry(key, version, origin, expression, zone, target, typeId, message, tick, cancelled);
    }

    /** True when {@code other} is the same write. */
    boolean sameWrite(CronEntry other) {
        return version == other.version && origin.equals(other.origin);
    }

    /** The entry that results from merging {@code incoming} into this one. */
    CronEntry merge(CronEntry incoming) {
        int c = STAMP.compare(incoming, this);
        if (c > 0) {
            return incoming;
        }
        if (c == 0 && incoming.lastFired > lastFired) {
            return firedAt(incoming.lastFired);
        }
        return this;
    }

    @Override
    public String toString() {
        return "CronEntry[" + key + " " + (cancelled ? "cancelled" : "'" + expression + "' " + zone + " -> "
                + target) + ", stamp " + version + "/" + origin + ", lastFired " + lastFired + "]";
    }
}
