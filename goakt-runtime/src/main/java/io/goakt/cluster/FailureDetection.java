package io.goakt.cluster;

import io.goakt.internal.util.Limits;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the cluster notices that a member is gone, and how fast split partitions find each other again.
 *
 * <p>Two detectors run side by side. A member whose process dies has its sockets closed by the operating system;
 * the member watching it over a socket (JGroups {@code FD_SOCK2}) notices at once. A member that is alive but
 * silent (a long garbage-collection pause, a frozen virtual machine, a cut network) is noticed by heartbeats
 * (JGroups {@code FD_ALL3}): every member multicasts one every {@link #heartbeatInterval()} and suspects a member it
 * heard nothing from for {@link #timeout()}. Either suspicion is then verified (JGroups {@code VERIFY_SUSPECT2}):
 * the suspect is asked whether it is alive and removed from the view only when it does not answer within
 * {@link #verifyTimeout()} (verification runs every {@code verifyTimeout}, so it takes between one and two of them).
 * After a partition heals, the partitions' coordinators find each other (JGroups {@code MERGE3}, which sends its
 * view information at random times within {@link #mergeInterval()} and checks for differing views every 1.6
 * {@code mergeInterval}) and merge the views.
 *
 * <p>So a crashed process is removed after about one to two {@code verifyTimeout}s, a silent one after
 * {@code timeout} plus that, and a pause shorter than {@code timeout} never evicts anyone.
 *
 * @param heartbeatInterval how often every member sends a heartbeat
 * @param timeout           how long a member may be silent before it is suspected; at least twice the heartbeat
 *                          interval
 * @param verifyTimeout     how long a suspect has to answer before it is removed
 * @param mergeInterval     the longest time between two view announcements that find split partitions
 */
public record FailureDetection(Duration heartbeatInterval, Duration timeout, Duration verifyTimeout,
                               Duration mergeInterval) {

    /** The shortest value any of the settings may have. */
    public static final Duration MIN = Duration.ofMillis(10);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the setting, when one is null, shorter than {@link #MIN}, longer than
     *                                  {@link Limits#MAX_TIMEOUT}, or the timeout is less than twice the heartbeat
     *                                  interval
     */
    public FailureDetection {
        atLeastMin(heartbeatInterval, "failureDetection.heartbeatInterval");
        atLeastMin(timeout, "failureDetection.timeout");
        atLeastMin(verifyTimeout, "failureDetection.verifyTimeout");
        atLeastMin(mergeInterval, "failureDetection.mergeInterval");
        if (timeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("failureDetection.timeout (" + timeout
                    + ") must be at least twice failureDetection.heartbeatInterval (" + heartbeatInterval
                    + "), so that one lost heartbeat does not make a member suspect");
        }
    }

    /**
     * Settings for production: heartbeat every 1 s, suspect after 10 s of silence, 2 s to answer a suspicion,
     * partitions found within 10 s. A crashed process is removed after 2 to 4 s; a garbage-collection pause or a
     * network hiccup shorter than 10 s removes nobody.
     */
    public static FailureDetection defaults() {
        return new FailureDetection(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofSeconds(10));
    }

    /**
     * Settings for fast detection, for tests and for machines that are never paused: heartbeat every 100 ms,
     * suspect after 600 ms of silence, 250 ms to answer a suspicion, partitions found within 1 s. A crashed process
     * is removed after 250 to 500 ms; but a pause of more than about 850 ms (a full garbage collection of a large
     * heap, an overloaded host) removes a live member, which then rejoins by a merge.
     */
    public static FailureDetection fast() {
        return new FailureDetection(Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofMillis(250),
                Duration.ofSeconds(1));
    }

    private static void atLeastMin(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(MIN) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + MIN.toMillis() + " ms, was " + d);
        }
        Limits.check(Limits.timeoutProblem(d, name));
    }
}
