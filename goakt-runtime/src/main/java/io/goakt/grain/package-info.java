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
 * so a clustered registry can take the local one's place without changing application code.
 */
package io.goakt.grain;
