/**
 * Virtual actors (grains): actors addressed by a {@link io.goakt.grain.GrainIdentity} (kind and id), activated by
 * their first message and deactivated when idle, so callers never spawn or stop them.
 *
 * <pre>{@code
 * GrainRegistry grains = Grains.of(system);
 * grains.register("counter", Counter::new, GrainOptions.builder().idleTimeout(Duration.ofMinutes(5)).build());
 * GrainRef counter = grains.ref("counter", "user-42");
 * counter.tell(new Increment(1));
 * int value = counter.ask(new Get(), Integer.class, Duration.ofSeconds(1)).toCompletableFuture().join();
 * }</pre>
 *
 * <p>Each activation runs as an ordinary actor under {@code /user/goakt-grains}: it uses its kind's dispatcher and
 * mailbox and shows in the actor tree. A message is handled exactly once and messages from one sender to one grain in
 * send order, also when they race with the grain's deactivation. Activations and deactivations are published on the
 * event stream as {@link io.goakt.grain.GrainActivated} and {@link io.goakt.grain.GrainDeactivated}.
 *
 * <p>The registry is reached only through {@link io.goakt.grain.GrainRegistry} and {@link io.goakt.grain.GrainRef},
 * so in a cluster member ({@code io.goakt.cluster.ClusterGrains}) the same code reaches each grain's one activation
 * in the cluster, wherever it runs.
 *
 * <h2>Neighbours</h2>
 * Builds on {@link io.goakt.actor} and {@link io.goakt.mailbox} (a kind's mailbox). The grain events are here, not
 * in {@link io.goakt.eventstream}, because they name a {@link io.goakt.grain.GrainIdentity}; they are published on
 * the same {@link io.goakt.actor.EventStream}. The local registry and its activation protocol are in
 * {@code io.goakt.internal.grain} (its package comment is the design), reached only through
 * {@link io.goakt.grain.Grains#of}. Testing support ({@code GrainProbe}) is in the {@code goakt-testkit} module, and
 * Spring's {@code @GrainComponent} and {@code GrainClient} in {@code goakt-spring-autoconfigure}.
 */
package io.goakt.grain;
