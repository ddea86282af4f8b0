/**
 * Topics that span the cluster: {@link io.goakt.internal.cluster.pubsub.ClusterTopicRegistry}, installed by
 * {@code Cluster.start} as the system's {@link io.goakt.pubsub.TopicRegistry}; its agent actor, which replicates
 * each member's subscriptions on the control plane, and the per-topic relays that fan remote publishes out to local
 * subscribers. Not for applications: use {@link io.goakt.pubsub.PubSub#topics}.
 */
package io.goakt.internal.cluster.pubsub;
