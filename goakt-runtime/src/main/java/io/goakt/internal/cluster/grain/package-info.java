/**
 * Grains cluster-wide: {@link io.goakt.internal.cluster.grain.ClusterGrainService} places each grain identity on
 * the owner of its partition and hosts this member's activations in the local grain machinery
 * ({@code io.goakt.internal.grain}); {@code PartitionDirectory} is the gate that keeps each identity active on at
 * most one member while views change; grain messages between members travel over remoting as
 * {@code io.goakt.internal.grain.GrainWire}; releases and counts use control topics 6 and 7.
 */
package io.goakt.internal.cluster.grain;
