package io.goakt.spring.observation;

import io.goakt.actor.ActorRef;
import io.goakt.actor.MessageContextHook;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.internal.KindNames;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Carries Micrometer Observation context with actor messages: each {@code tell} or {@code ask} made while an
 * observation is current (a web request's, or an actor's own receive) becomes a {@code goakt.message.send}
 * observation, a child of the current one, and the actor's handling of the message a {@code goakt.message.receive}
 * observation, a child of the send, current on the actor's thread while it runs. So a trace started in a
 * controller continues through every actor the request reaches, and on through the actors those actors message.
 *
 * <p>The send observation's carrier is a header map: a propagating tracing handler (micrometer-tracing) writes the
 * trace into it. In this JVM the receive observation names the send as its parent and reads the same map; across
 * remoting the map travels as the message's headers and the receiving node reads the trace from them.
 *
 * <p>A send with no current observation captures nothing: this hook continues traces and never starts one, so
 * timers, start-up messages and traffic outside any request cost one registry look-up each and produce nothing.
 * The send observation stops as soon as it started (a tell does not wait); the receive observation lasts as long
 * as the handler.
 *
 * <p>Threading: stateless apart from its settings; any thread.
 */
public final class ObservationMessageContextHook implements MessageContextHook {

    private static final GoaktSendObservationConvention DEFAULT_SEND = new DefaultGoaktSendObservationConvention();
    private static final GoaktReceiveObservationConvention DEFAULT_RECEIVE =
            new DefaultGoaktReceiveObservationConvention();

    /** The kind recorded when it is not known: a receiver on another node, or one not created yet. */
    static final String UNKNOWN_KIND = "unknown";

    private final ObservationRegistry registry;
    private final String system;
    private final GoaktSendObservationConvention sendConvention;
    private final GoaktReceiveObservationConvention receiveConvention;
    private final Function<String, String> kindOfClass;

    /**
     * A hook observing through {@code registry} that names an actor's kind by its class name.
     *
     * @param registry          where observations are made
     * @param system            the actor system's name, the {@code system} key value
     * @param sendConvention    replaces the default send convention; null for the default
     * @param receiveConvention replaces the default receive convention; null for the default
     */
    public ObservationMessageContextHook(ObservationRegistry registry, String system,
                                         GoaktSendObservationConvention sendConvention,
                                         GoaktReceiveObservationConvention receiveConvention) {
        this(registry, system, sendConvention, receiveConvention, KindNames.CLASS_NAMES);
    }

    /**
     * A hook observing through {@code registry}.
     *
     * @param registry          where observations are made
     * @param system            the actor system's name, the {@code system} key value
     * @param sendConvention    replaces the default send convention; null for the default
     * @param receiveConvention replaces the default receive convention; null for the default
     * @param kindOfClass       the kind of an actor from the class name of its instance, as the meters' {@code kind}
     *                          tag shows it (the starter gives an {@code @ActorComponent}'s name)
     */
    public ObservationMessageContextHook(ObservationRegistry registry, String system,
                                         GoaktSendObservationConvention sendConvention,
                                         GoaktReceiveObservationConvention receiveConvention,
                                         Function<String, String> kindOfClass) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.system = Objects.requireNonNull(system, "system");
        this.sendConvention = sendConvention;
        this.receiveConvention = receiveConvention;
        this.kindOfClass = Objects.requireNonNull(kindOfClass, "kindOfClass");
    }

    /** A sent message's observation and the headers its handlers wrote; what travels with a local message. */
    private record Sent(Observation observation, Map<String, String> headers) {
    }

    @Override
    public Object capture(ActorRef target, String kind, Object message, Operation operation) {
        Observation parent = registry.getCurrentObservation();
        if (parent == null) {
            return null;
        }
        GoaktSendContext context = new GoaktSendContext(system, kindOf(kind),
                message.getClass().getSimpleName(), operation);
        Observation send = Observation.createNotStarted(sendConvention, DEFAULT_SEND, () -> context, registry)
                .parentObservation(parent);
        if (send.isNoop()) {
            return null;
        }
        send.start();
        send.stop();
        return new Sent(send, context.getCarrier());
    }

    @Override
    public void inject(Object context, Map<String, String> headers) {
        headers.putAll(((Sent) context).headers());
    }

    @Override
    public Scope open(Object context, String kind, ReceiveContext ctx) {
        Sent sent = context instanceof Sent s ? s : null;
        Map<String, String> headers = sent != null ? sent.headers() : ctx.headers();
        GoaktReceiveContext receiveContext = new GoaktReceiveContext(headers, system, kindOf(kind),
                ctx.message().getClass().getSimpleName());
        Observation receive = Observation.createNotStarted(receiveConvention, DEFAULT_RECEIVE, () -> receiveContext,
                registry);
        if (receive.isNoop()) {
            return Scope.NOOP;
        }
        if (sent != null) {
            receive.parentObservation(sent.observation());
        }
        receive.start();
        Observation.Scope scope = receive.openScope();
        return new Scope() {
            @Override
            public void failed(Throwable cause) {
                receive.error(cause);
            }

            @Override
            public void close() {
                scope.close();
                receive.stop();
            }
        };
    }

    private String kindOf(String className) {
        String kind = className == null ? null : kindOfClass.apply(className);
        return kind == null ? UNKNOWN_KIND : kind;
    }
}
