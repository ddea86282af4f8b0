package io.goakt.dispatch;

/**
 * How much an actor system busy-waits instead of parking a thread, set with
 * {@code ActorSystemConfig.Builder#spinning} (Spring: {@code goakt.system.dispatcher.spin}).
 *
 * <p>Two places spin: a worker of the default dispatcher whose actor ran out of messages keeps its core for a few
 * microseconds in case the next message is on its way (request and reply), and a thread blocked on an {@code ask}'s
 * future ({@code get}, {@code join}) spins briefly before it parks, because a local reply usually comes back within
 * microseconds. A park and its wake-up cost tens of microseconds (a futex call each way, and on a virtual machine the
 * wake-up of an idle virtual CPU), so spinning makes request and reply traffic several times faster on a machine with
 * cores to spare. On a machine whose cores are shared, a spinning thread takes the CPU from the thread that would
 * produce what it waits for.
 *
 * <p>Whatever the setting, nothing spins on a JVM that sees one processor ({@code availableProcessors()}, which
 * reflects {@code -XX:ActiveProcessorCount} and a container's CPU quota), and no more spinners run at once than half
 * the processors.
 */
public enum Spinning {

    /**
     * The default: spin, and stop on one's own when it stops paying. Spins that keep ending without their message
     * make the spinners back off, and a spinner that finds it was taken off its CPU mid-spin (the machine has more
     * runnable threads than cores) stops all spinning of its dispatcher or actor system for a few milliseconds. Pick
     * it unless measurements on the target machine say otherwise: on a quiet machine it is the fastest, and on a
     * shared one it backs off.
     */
    ADAPTIVE,

    /**
     * Short spins (a few microseconds) by one thread at a time, with the back-off rules of {@link #ADAPTIVE}. Costs
     * part of the request and reply speed of a quiet machine. Pick it for a machine shared with other busy
     * processes, or a container with a CPU quota, where burnt cycles are billed or throttled.
     */
    REDUCED,

    /**
     * No spinning: a worker with nothing to run goes back to its pool, and a thread waiting on an ask parks at once.
     * Every message that finds its actor idle pays a thread wake-up, so request and reply traffic is slower; idle
     * cores stay idle. Pick it for machines with cores strictly rationed (many JVMs on few cores, a small CPU quota,
     * battery or energy limits), or to measure how much spinning buys.
     */
    OFF
}
