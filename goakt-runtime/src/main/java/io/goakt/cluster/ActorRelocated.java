package io.goakt.cluster;

/**
 * A relocatable actor ({@link Relocation#RELOCATABLE}) was spawned again because its member crashed, left, shut
 * down or lost quorum. Published on the event stream of the member that arbitrates the name and decided the
 * relocation, once the new actor runs; the meter {@code goakt.cluster.relocations} counts these events.
 *
 * @param name          the cluster-unique name, the same before and after
 * @param kind          the actor's remoting kind
 * @param previousOwner the id of the member that ran the actor before
 * @param newOwner      the id of the member that runs it now
 */
public record ActorRelocated(String name, String kind, String previousOwner, String newOwner) {
}
