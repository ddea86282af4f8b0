package io.goakt.benchmarks.scenario;

/**
 * A client asks the matchmaker for a partner; the matchmaker answers through the sender. {@code games} is how many
 * exchanges the client has finished, so the record carries what a real request would.
 */
record MatchRequest(int games) {
}
