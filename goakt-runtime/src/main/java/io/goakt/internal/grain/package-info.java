/**
 * The local grain registry: virtual actors activated on demand in this JVM.
 *
 * <h2>The problem</h2>
 * A grain is addressed by identity, not by an actor ref, and its actor comes and goes: it is spawned by the first
 * message and stopped when idle, after a message limit, on request, or after a failure. Messages race with those
 * stops. An actor that stops reports what is still in its mailbox as dead letters, so stopping the actor the moment it
 * decides to deactivate would lose messages that senders had already put into its mailbox; letting senders look the
 * actor up and send to it directly would lose those that reach it after the decision. The promise is stronger than
 * an actor's: every message to a grain is handled exactly once, by some activation, and each sender's messages in
 * send order.
 *
 * <h2>The approach: one entry per identity, and a count</h2>
 * {@link io.goakt.internal.grain.LocalGrainRegistry} maps each identity with an activation (or messages waiting for
 * one) to a {@link io.goakt.internal.grain.GrainEntry}, a small state machine under its own monitor:
 *
 * <pre>
 *   NEW --first message--&gt; ACTIVATING --activation attached--&gt; ACTIVE --activation begins to deactivate--&gt;
 *   DEACTIVATING --actor terminated--&gt; GONE (removed), or ACTIVATING again when messages wait
 * </pre>
 *
 * Every send takes the entry's monitor. While the entry is {@code ACTIVE} the message goes straight into the
 * activation's mailbox (a lock-free enqueue, inside the critical section) and the entry counts it in {@code sent};
 * in any other state it is appended to the entry's {@code held} queue. So the monitor puts every message in one
 * total order with the state changes, and the count says exactly how many messages the current activation was given.
 *
 * <p>An activation ({@link io.goakt.internal.grain.GrainActivation}, an actor) counts what it receives. To deactivate
 * it asks its entry, under the monitor, to go from {@code ACTIVE} to {@code DEACTIVATING}, and learns the final
 * {@code sent}: from then on no sender reaches its mailbox, so exactly {@code sent - received} messages are still on
 * their way. It keeps receiving until its count reaches that number, handing each of those messages back (without
 * handling it), then runs {@code onDeactivate}, gives the handed-back messages to the entry, which puts them ahead of
 * the ones held since, and stops. Its mailbox is empty of grain messages when it stops, so the runtime reports
 * nothing as a dead letter. An idle deactivation asks without force: the entry refuses while {@code sent != received}
 * (a message is on its way, so the grain is not idle), and the activation carries on.
 *
 * <p>Counting rather than a marker message makes the handshake independent of mailbox order: a fair mailbox (one
 * lane per sender) or a priority mailbox may deliver a marker before earlier messages, but a count is reached only
 * when all of them have arrived. Requests to deactivate from outside travel through the mailbox as counted messages
 * too, so none is left behind in a stopped actor either.
 *
 * <p>The next activation starts only when the grains parent has seen the previous actor terminate: the runtime frees
 * a child's name before it tells watchers, so the new actor can take the same name, and two activations of one
 * identity never run at once. The new activation's {@code preStart} runs on the parent's thread before the actor can
 * run; it attaches to the entry there, taking the held messages in order ({@code sent} starts again from their
 * number) and every later message. If no activation can be spawned, the held messages fail.
 *
 * <h2>Why nothing is lost or repeated, and order holds</h2>
 * A message is accepted under the monitor exactly once: into the active mailbox (counted) or into {@code held}.
 * From the mailbox it is either handled by that activation or handed back into {@code held} ahead of everything held
 * later; from {@code held} it goes to the next activation's mailbox. Each step moves it, none copies it. For one
 * sender, its messages enter the entry in send order (the monitor orders its consecutive sends); the mailbox keeps
 * each sender's order (every mailbox kind but priority does), an activation hands back a suffix of what it was sent,
 * and that suffix goes ahead of what was held after it; so the next activation receives them in order too.
 * {@code GrainStressTest} checks this with many senders, activations deactivating after one to three messages, and
 * concurrent explicit deactivations.
 *
 * <h2>Failures</h2>
 * User code never throws out of an activation's actor: a failure in {@code receive} completes the asker's stage with
 * the exception (a {@code tell} becomes a dead letter), then the grain resumes or deactivates as its options say. A
 * failed activation (factory or {@code onActivate}) begins to deactivate at once and fails, instead of handing back,
 * every message it was sent: an ask gets {@code GrainActivationException}, a tell becomes a dead letter. Messages that
 * arrive meanwhile are held, so the next one tries a fresh activation. An activation's actor stopped from outside the
 * protocol (system shutdown, an operator's stop) runs {@code onDeactivate} in {@code postStop} and moves the entry to
 * {@code DEACTIVATING}; what was queued in its mailbox becomes dead letters, as for any stopped actor.
 *
 * <h2>Cost and the cluster</h2>
 * A send is a map lookup and an uncontended monitor around one enqueue; activations go through the one grains parent
 * actor, which only spawns (user {@code onActivate} code runs on the activation). In a cluster a {@link GrainFront}
 * ({@code io.goakt.internal.cluster.grain}) is {@linkplain LocalGrainRegistry#attach attached}: every send through
 * this registry's refs goes to it, it places each identity on a member and delivers this member's own here
 * ({@link LocalGrainRegistry#deliverHere}), and it decides which identities may activate here (an entry whose messages
 * wait for an identity that moved away hands them back to it instead of activating).
 */
package io.goakt.internal.grain;
