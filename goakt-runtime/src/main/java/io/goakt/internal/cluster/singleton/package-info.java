/**
 * Cluster singletons, behind the public {@link io.goakt.cluster.ClusterSingletons}:
 * {@link io.goakt.internal.cluster.singleton.SingletonService} (the protocol and the wiring; its class comment is the
 * design), {@code SingletonProxy} (the ref that follows the instance and holds messages while none runs) and
 * {@code SingletonMessage} (the messages and their binary form on control topic 5). Not for applications.
 */
package io.goakt.internal.cluster.singleton;
