package io.goakt.benchmarks.scenario;

import java.util.concurrent.CountDownLatch;

/**
 * The matchmaker's bookkeeping, one copy for both systems so they pair alike: requests are paired two by two until
 * {@code pairings} pairings are made, and {@code done} opens on the request that completes the count
 * ({@code clients} first requests, then two per pairing). Used by one actor at a time, so plain fields.
 *
 * @param <R> the system's actor reference type
 */
final class Pairing<R> {
    private final int pairings;
    private final long lastRequest;
    private final CountDownLatch done;
    private R waiting;
    private int paired;
    private long requests;

    Pairing(int clients, int pairings, CountDownLatch done) {
        this.pairings = pairings;
        this.lastRequest = clients + 2L * pairings;
        this.done = done;
    }

    /**
     * Takes {@code client}'s request: returns the waiting client to introduce it to, or null when {@code client} now
     * waits, the pairings are all made, or this was the last request (which opens {@code done}).
     */
    R request(R client) {
        if (++requests == lastRequest) {
            done.countDown();
            return null;
        }
        if (paired >= pairings) {
            return null;
        }
        R partner = waiting;
        if (partner == null) {
            waiting = client;
            return null;
        }
        waiting = null;
        paired++;
        return partner;
    }
}
