package io.goakt.pattern;

/**
 * Published on the system's event stream each time a {@link CircuitBreaker} changes state: exactly one event per
 * transition. Events of one breaker may reach a callback subscriber out of order when its calls complete on
 * different threads at the same moment; each event names both ends of its transition, so the history can be
 * rebuilt.
 *
 * @param name the breaker's name
 * @param from the state it left
 * @param to   the state it entered
 */
public record CircuitBreakerStateChanged(String name, CircuitBreaker.State from, CircuitBreaker.State to) {
}
