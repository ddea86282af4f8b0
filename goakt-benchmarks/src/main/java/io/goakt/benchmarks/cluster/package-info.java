/**
 * Cluster membership measured on 127.0.0.1: {@link io.goakt.benchmarks.cluster.ClusterBenchmark} times the
 * formation of a three-member cluster and the detection of a member whose JVM is killed.
 */
package io.goakt.benchmarks.cluster;
