/**
 * Cluster membership measured on 127.0.0.1: {@link io.goakt.benchmarks.cluster.ClusterBenchmark} times the
 * formation of a three-member cluster and the detection of a member whose JVM is killed;
 * {@link io.goakt.benchmarks.cluster.ClusterNamesBenchmark} measures cluster-unique names: lookups warm and cold, and
 * cross-member tell throughput and ask latency by name against the same through the resolved remote ref.
 */
package io.goakt.benchmarks.cluster;
