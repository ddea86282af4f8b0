package io.goakt.pubsub;

import io.goakt.actor.ActorRef;

import java.util.Set;

/**
 * Named topics that actors subscribe to and anyone publishes on. One registry per actor system: get it with
 * {@link PubSub#topics}. A subscriber that stops is removed from every topic; a message published on a topic goes to
 * each current subscriber, and messages from one publisher reach each subscriber in publish order.
 *
 * <p>The registry is an interface so that a clustered system can install one whose topics span the cluster; the API
 * stays the same.
 *
 * <p>Threading: every method may be called by any thread, also from inside actors.
 */
public interface TopicRegistry {

    /** Adds {@code subscriber} to {@code topic}; adding it twice changes nothing. */
    void subscribe(String topic, ActorRef subscriber);

    /** Removes {@code subscriber} from {@code topic}; removing one that is not there changes nothing. */
    void unsubscribe(String topic, ActorRef subscriber);

    /** Sends {@code message} to every subscriber of {@code topic} with no sender; returns how many it reached. */
    default int publish(String topic, Object message) {
        return publish(topic, message, null);
    }

    /**
     * Sends {@code message} to every subscriber of {@code topic}, with {@code sender} as the sender (replies go to
     * it); returns how many subscribers it was sent to. A topic without subscribers is not an error.
     */
    int publish(String topic, Object message, ActorRef sender);

    /** The current subscribers of {@code topic}, a snapshot. */
    Set<ActorRef> subscribers(String topic);

    /** The topics that have at least one subscriber, a snapshot. */
    Set<String> topics();
}
