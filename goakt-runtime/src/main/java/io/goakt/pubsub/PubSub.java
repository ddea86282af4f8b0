package io.goakt.pubsub;

import io.goakt.actor.ActorSystem;
import io.goakt.internal.pubsub.LocalTopicRegistry;

/** Entry point to an actor system's topics. Stateless. */
public final class PubSub {

    private PubSub() {
    }

    /**
     * The topic registry of {@code system}, created on first use. A system that installed a registry of its own
     * under {@link TopicRegistry} before the first call gets that one: a cluster member gets the registry whose topics
     * span the cluster, which {@code Cluster.start} installs (so start the cluster before the first call).
     */
    public static TopicRegistry topics(ActorSystem system) {
        return system.extension(TopicRegistry.class, LocalTopicRegistry::new);
    }
}
