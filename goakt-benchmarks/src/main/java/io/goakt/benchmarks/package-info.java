/**
 * Benchmarks of the goakt runtime: JMH micro-benchmarks of the hot path in {@code io.goakt.benchmarks.jmh} and a
 * side-by-side scenario harness against Apache Pekko (classic) in {@code io.goakt.benchmarks.scenario}.
 */
package io.goakt.benchmarks;
