package io.goakt.spring.internal;

import io.goakt.grain.Grain;
import io.goakt.grain.GrainOptions;
import io.goakt.spring.GrainComponent;

/**
 * One {@link GrainComponent} found among the bean definitions, its attributes as written (checked when the kind is
 * registered, see {@link DefaultGrainClient}).
 *
 * @param kind        the grain kind
 * @param beanName    the prototype bean that makes instances
 * @param type        the grain class
 * @param idleTimeout idle timeout as written, empty for the default
 * @param maxMessages messages per activation, 0 for no limit
 * @param mailbox     mailbox type, empty for the system default
 * @param dispatcher  dispatcher name, empty for the default
 * @param onFailure   what a failure in {@code receive} does
 */
public record GrainKind(String kind, String beanName, Class<? extends Grain> type, String idleTimeout,
                        long maxMessages, String mailbox, String dispatcher, GrainOptions.OnFailure onFailure) {
}
