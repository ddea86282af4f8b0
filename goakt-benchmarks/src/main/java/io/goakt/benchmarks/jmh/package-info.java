/**
 * JMH micro-benchmarks of goakt's hot path: {@code tell} into a counting actor, the mailbox queue under N producers
 * and one consumer, {@code ask} round trips and ping-pong. Run them with {@code -prof gc} to see the bytes each
 * operation allocates ({@code gc.alloc.rate.norm}).
 */
package io.goakt.benchmarks.jmh;
