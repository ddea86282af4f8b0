package io.goakt.dispatch;

/**
 * What a turn that ran dry waits for while its dispatcher lingers (see {@link Dispatcher#linger}).
 */
@FunctionalInterface
public interface LingerCondition {

    /**
     * True when the lingering turn has something to do again. Cheap and free of side effects: the dispatcher polls it
     * in a spin loop, on the thread that runs the turn.
     */
    boolean workArrived();
}
