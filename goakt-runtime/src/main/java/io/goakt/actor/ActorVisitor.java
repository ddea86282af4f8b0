package io.goakt.actor;

/**
 * Receives the live actors of a walk ({@link ActorSystem#walkActors}), one call per actor, parents before children.
 * An actor's position is the number of calls before its own, starting at 0.
 */
@FunctionalInterface
public interface ActorVisitor {

    /**
     * One live actor.
     *
     * @param parent         the position of the actor's parent in this walk, or -1 for a top-level actor
     * @param ref            the actor; {@link ActorRef#name()} costs nothing, {@link ActorRef#path()} builds a string
     * @param processedCount the messages it has processed so far
     * @param detail         for the first {@code detailed} actors of the walk, a snapshot whose
     *                       {@link ActorInfo#children()} is empty (the walk itself gives the children); null after
     */
    void visit(int parent, ActorRef ref, long processedCount, ActorInfo detail);
}
