/**
 * A cluster of hundreds of members simulated in one JVM on JGroups' in-process transport:
 * {@link io.goakt.benchmarks.cluster.scale.ClusterScaleSimulation} measures view installation, the protocols' idle
 * cost, heap and threads as the cluster grows, and what the placement hash gives each member (partitions, grain
 * identities, names registry entries) and moves on a join or leave. The figures are CPU and memory of the
 * algorithms, not network behaviour; {@code docs/scaling.md} extrapolates them to 1,000 members.
 */
package io.goakt.benchmarks.cluster.scale;
