package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.spring.ActorComponent;

/**
 * One {@link ActorComponent} found among the bean definitions.
 *
 * @param name       the named actor's name
 * @param beanName   the prototype bean that makes instances
 * @param type       the actor class
 * @param startup    when the named actor is spawned
 * @param mailbox    mailbox type, empty for the system default
 * @param dispatcher dispatcher name, empty for the default
 * @param supervisor  bean name of a supervisor strategy, empty for the system default
 * @param passivation passivation as {@link ActorComponent#passivation()} spells it, empty for never
 */
public record ActorKind(String name, String beanName, Class<? extends Actor> type, ActorComponent.Startup startup,
                        String mailbox, String dispatcher, String supervisor, String passivation) {
}
