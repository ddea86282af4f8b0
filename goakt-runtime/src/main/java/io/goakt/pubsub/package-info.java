/**
 * Named topics: {@link io.goakt.pubsub.PubSub#topics} gives an actor system's
 * {@link io.goakt.pubsub.TopicRegistry}; actors subscribe, anyone publishes, a stopped subscriber is removed, and each
 * publisher's order is kept at every subscriber.
 *
 * <h2>Neighbours</h2>
 * Builds on {@link io.goakt.actor} (subscribers are actor refs; the registry is an extension of the system). The
 * local registry is {@code io.goakt.internal.pubsub.LocalTopicRegistry}, reached only through {@code PubSub}; on a
 * cluster member, {@code io.goakt.cluster.Cluster#start} installs one whose topics span the cluster. The
 * system's {@link io.goakt.actor.EventStream}, which is typed (subscribe by class) rather than named, is in
 * {@code actor}.
 */
package io.goakt.pubsub;
