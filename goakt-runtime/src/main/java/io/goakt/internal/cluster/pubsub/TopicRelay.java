package io.goakt.internal.cluster.pubsub;

import io.goakt.actor.Actor;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;

/**
 * Receives what other members publish on one topic and hands each message to this member's subscribers of it,
 * keeping the publisher as the sender. Remote publishers send one message per member to the relay instead of one
 * per subscriber. Order: a publisher's messages to one relay travel one remoting connection in order and the relay
 * handles them one at a time, so each local subscriber gets them in publish order.
 *
 * <p>Threading: an actor; stateless beyond its topic.
 */
final class TopicRelay implements Actor {

    private final String topic;
    private final ClusterTopicRegistry registry;

    TopicRelay(String topic, ClusterTopicRegistry registry) {
        this.topic = topic;
        this.registry = registry;
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m != PostStart.INSTANCE) {
            registry.publishLocally(topic, m, ctx.sender());
        }
    }
}
