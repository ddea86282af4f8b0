/**
 * Cluster internals, behind the public {@link io.goakt.cluster.Cluster}: {@link io.goakt.internal.cluster.ClusterNode}
 * (the channel, views, events, leave), {@code ControlStack} (the JGroups stack built in code),
 * {@code MemberAddresses} (member metadata in JGroups addresses), {@code SuspectRelay} (verified suspicions to
 * {@code MemberUnreachable}), {@link io.goakt.internal.cluster.CompatibilityToken} (the join check under
 * {@code AUTH}) and {@link io.goakt.internal.cluster.ClusterProtocol} (the version and its compatibility rule),
 * {@link io.goakt.internal.cluster.ControlMessaging} and {@code ControlTopics} (the cluster services' own messages on
 * the channel, by topic), {@code SocketWitness} and {@code CrashTakeover} (a crashed member's closed
 * failure-detection socket lets its successors confirm the view without it after a short margin). The named-actor
 * registry is in {@code io.goakt.internal.cluster.registry}, the cluster singletons in
 * {@code io.goakt.internal.cluster.singleton}, the topics that span the cluster in
 * {@code io.goakt.internal.cluster.pubsub}.
 * Not for applications.
 */
package io.goakt.internal.cluster;
