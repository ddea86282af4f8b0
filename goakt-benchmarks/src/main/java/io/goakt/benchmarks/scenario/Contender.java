package io.goakt.benchmarks.scenario;

import org.HdrHistogram.Histogram;

/**
 * One actor system under test, able to run every scenario. Each method builds the actors it needs, runs the
 * workload to completion (until the last message has been processed), tears the actors down again and returns the
 * elapsed time of the workload alone.
 *
 * <p>Threading: the harness calls one method at a time, from its main thread.
 */
interface Contender extends AutoCloseable {

    /** {@code goakt} or {@code pekko}. */
    String system();

    /** The settings this contender runs with, for the report. */
    String config();

    /** {@code pairs} ping-pong pairs at once, each doing {@code roundTrips} round trips; nanoseconds. */
    long pingPong(int pairs, int roundTrips) throws Exception;

    /** {@code threads} outside threads each telling {@code perThread} messages to one counting actor; nanoseconds. */
    long fanIn(int threads, int perThread) throws Exception;

    /**
     * {@code threads} outside threads each telling {@code perThread} messages round-robin over {@code actors}
     * counting actors; nanoseconds until every actor has counted its share.
     */
    long manyActors(int actors, int threads, int perThread) throws Exception;

    /** {@code asks} sequential asks from this thread to one echo actor, each latency recorded in ns; nanoseconds. */
    long ask(int asks, Histogram latenciesNanos) throws Exception;

    /** Spawns {@code count} children under one parent, each handling one message. */
    SpawnResult spawn(int count) throws Exception;

    /**
     * One parent runs {@code rounds} rounds; in each it spawns {@code perRound} children named from a counter that is
     * never reused ({@code "w" + counter++}), watches each and sends it one {@link Ball}; each child replies to its
     * parent and stops itself. A round ends when the parent has every reply and every child's {@code Terminated}.
     * Returns each round's nanoseconds, measured from the harness's thread.
     */
    long[] churn(int rounds, int perRound) throws Exception;

    /**
     * {@code clients} client actors and one matchmaker: each client sends a {@link MatchRequest} to the matchmaker,
     * which keeps one waiting request and introduces the next requester to it ({@link Introduction}, the waiting
     * client first); the pair exchanges {@code roundTrips} round trips of {@link Ball}s and each client asks again.
     * The matchmaker makes {@code pairings} pairings, then counts requests until every pairing's two clients have
     * asked again. Nanoseconds until then.
     */
    long matchmaker(int clients, int roundTrips, int pairings) throws Exception;

    /**
     * The messages one {@link #matchmaker} run handles: the first requests, and per pairing two introductions, the
     * pair's balls and two requests again.
     */
    static long matchmakerMessages(int clients, int roundTrips, int pairings) {
        return clients + (long) pairings * (4 + 2L * roundTrips);
    }

    /** What {@link #spawn} measured. */
    record SpawnResult(long nanos, double retainedBytesPerActor) {
    }
}
