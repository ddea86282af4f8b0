package io.goakt.spring.observation;

import io.goakt.actor.MessageContextHook;
import io.micrometer.observation.transport.SenderContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The context of a {@code goakt.message.send} observation: one {@code tell} or {@code ask}. Its carrier is the
 * message's header map, so a propagating tracing handler (micrometer-tracing) writes the trace into it; the headers
 * travel with the message, in this JVM and across remoting.
 */
public final class GoaktSendContext extends SenderContext<Map<String, String>> {

    private final String system;
    private final String kind;
    private final String messageType;
    private final MessageContextHook.Operation operation;

    /**
     * A send context with an empty header carrier.
     *
     * @param system      the sending actor system's name
     * @param kind        the receiver's kind, or {@code unknown} (a receiver on another node)
     * @param messageType the simple class name of the message
     * @param operation   tell or ask
     */
    public GoaktSendContext(String system, String kind, String messageType, MessageContextHook.Operation operation) {
        super((carrier, key, value) -> carrier.put(key, value));
        setCarrier(new HashMap<>());
        this.system = system;
        this.kind = kind;
        this.messageType = messageType;
        this.operation = operation;
    }

    /** The sending actor system's name. */
    public String getSystem() {
        return system;
    }

    /** The receiver's kind, or {@code unknown} for a receiver on another node. */
    public String getActorKind() {
        return kind;
    }

    /** The simple class name of the message. */
    public String getMessageType() {
        return messageType;
    }

    /** Tell or ask. */
    public MessageContextHook.Operation getOperation() {
        return operation;
    }
}
