package io.goakt.benchmarks.scenario;

/** The payload of every scenario on both systems: a small immutable message, allocated by its sender. */
record Ball(int n) {
}
