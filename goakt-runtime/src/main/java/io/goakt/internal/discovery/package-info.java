/**
 * The JGroups discovery protocols behind the public providers of {@link io.goakt.discovery}: {@code DNS_PING} with a
 * resolver that keeps every lookup on one server ({@link io.goakt.internal.discovery.DnsDiscoveryPing}), and the
 * store-backed protocols ({@link io.goakt.internal.discovery.MemberStorePing}: one entry per member, kept alive,
 * written again when the store lost it) for etcd ({@link io.goakt.internal.discovery.EtcdDiscoveryPing} over
 * {@link io.goakt.internal.discovery.EtcdClient}, etcd's v3 JSON gateway) and NATS
 * ({@link io.goakt.internal.discovery.NatsDiscoveryPing}: request/reply and JetStream key-value).
 *
 * <p><b>Neighbours.</b> Used only by the providers of {@code io.goakt.discovery}; uses JGroups, the JDK's HTTP
 * client, Jackson and the NATS client.
 */
package io.goakt.internal.discovery;
