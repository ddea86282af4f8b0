/**
 * The side-by-side scenario harness: the same workloads, with the same payloads and measured to completion, on
 * goakt (its defaults) and on Apache Pekko classic (its default dispatcher and a dispatcher sized to the cores,
 * with {@code throughput} swept). Start with {@link io.goakt.benchmarks.scenario.Harness}.
 */
package io.goakt.benchmarks.scenario;
