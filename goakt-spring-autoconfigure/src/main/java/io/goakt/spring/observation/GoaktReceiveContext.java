package io.goakt.spring.observation;

import io.micrometer.observation.transport.ReceiverContext;

import java.util.Map;

/**
 * The context of a {@code goakt.message.receive} observation: one actor handling one message. Its carrier is the
 * message's headers, from which a propagating tracing handler (micrometer-tracing) reads the sender's trace.
 */
public final class GoaktReceiveContext extends ReceiverContext<Map<String, String>> {

    private final String system;
    private final String kind;
    private final String messageType;

    /**
     * A receive context reading {@code headers}.
     *
     * @param headers     the headers the message arrived with
     * @param system      the receiving actor system's name
     * @param kind        the handling actor's kind
     * @param messageType the simple class name of the message
     */
    public GoaktReceiveContext(Map<String, String> headers, String system, String kind, String messageType) {
        super((carrier, key) -> carrier.get(key));
        setCarrier(headers);
        this.system = system;
        this.kind = kind;
        this.messageType = messageType;
    }

    /** The receiving actor system's name. */
    public String getSystem() {
        return system;
    }

    /** The handling actor's kind. */
    public String getActorKind() {
        return kind;
    }

    /** The simple class name of the message. */
    public String getMessageType() {
        return messageType;
    }
}
