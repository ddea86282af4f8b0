package io.goakt.benchmarks.scenario;

/** Starts round {@code index} of the churn scenario: the parent spawns its children for that round. */
record ChurnRound(int index) {
}
