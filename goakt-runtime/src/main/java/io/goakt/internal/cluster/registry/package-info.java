/**
 * Cluster-unique names, placed spawns and relocation, behind the public {@link io.goakt.cluster.ClusterActors}:
 * {@link io.goakt.internal.cluster.registry.NamedActorService} (the wiring; its class comment is the design), with
 * one part per concern sharing {@code RegistryCore}: {@code Claims} (registering a name), {@code Replication} (the
 * replica and the merge rule's consequences), {@code PlacedSpawns} (spawns by kind, load reports) and
 * {@code Relocator} (relocatable actors spawned again when their member goes). Beside them: {@code Arbiter} (who
 * may register a name), {@code Registry} (one member's replica and the merge rule),
 * {@link io.goakt.internal.cluster.registry.RegistryEntry}, {@code RegistryMessage} (the messages and their binary
 * form on the control plane), {@link io.goakt.internal.cluster.registry.Partitions} (the placement hash),
 * {@link io.goakt.internal.cluster.registry.PlacementChooser} and {@code MemberLoads} (placement and the load
 * reports it reads), {@code NamedActorRef} (a ref that resolves a name on every send). The messages travel through
 * {@link io.goakt.internal.cluster.ControlMessaging} on the member's JGroups channel. Not for applications.
 */
package io.goakt.internal.cluster.registry;
