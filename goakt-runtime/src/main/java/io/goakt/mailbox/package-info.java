/**
 * Mailbox queue kinds: the {@link io.goakt.mailbox.MessageQueue} SPI, the {@link io.goakt.mailbox.Envelope} it holds
 * (message and sender), the {@link io.goakt.mailbox.MailboxFactory} chosen per actor or per system, and the queues
 * the runtime offers: unbounded (the default), bounded ({@code tell} fails fast or waits for room), priority (by a
 * comparator, equal messages in arrival order) and fair (round robin between senders). Each class comment states
 * which methods any thread may call and which only the consumer; {@code MessageQueueConformance} (tests) runs every
 * kind through the same contract.
 *
 * <h2>Neighbours</h2>
 * This package lies below {@link io.goakt.actor} and does not use it: an envelope's sender is typed {@code Object},
 * and the runtime always puts an {@code ActorRef} or {@code null} there. The exception a full bounded mailbox raises
 * in a sender, {@link io.goakt.actor.MailboxFullException}, is in {@code actor} because it names the actor.
 * <p>The default mailbox of an actor does not use {@link io.goakt.mailbox.MessageQueue#unbounded()}: the runtime keeps
 * that queue inside the actor's own mailbox object, without an envelope per message ({@code io.goakt.internal.mailbox}
 * holds the algorithms; the mailbox's status word and turn loop are in {@code io.goakt.internal.actor}). The queue
 * objects here are what a {@code MailboxFactory} returns for every other kind, and for code that asks for a queue
 * explicitly. The threads that run an actor's turns are the business of {@link io.goakt.dispatch}.
 */
package io.goakt.mailbox;
