/**
 * Discovery: how a starting cluster member finds the others. {@link io.goakt.discovery.Discovery} is the SPI, a
 * provider of one JGroups discovery protocol per member, chosen by its {@link io.goakt.discovery.Discovery#type()}
 * ({@code goakt.cluster.discovery.type}); {@link io.goakt.discovery.StaticDiscovery} ({@code static}) lists the
 * members' control-plane addresses, {@link io.goakt.discovery.DnsDiscovery} ({@code dns}) asks DNS,
 * {@link io.goakt.discovery.KubernetesDiscovery} ({@code kubernetes}) asks the Kubernetes API server for the pods of a
 * namespace and label selector, and {@link io.goakt.discovery.MulticastDiscovery} ({@code multicast}) asks the LAN
 * by IP multicast;
 * {@link io.goakt.discovery.EtcdDiscovery} ({@code etcd}) keeps a leased key per member in etcd and
 * {@link io.goakt.discovery.NatsDiscovery} ({@code nats}) asks the members over a NATS subject (and a JetStream
 * key-value bucket).
 *
 * <p><b>Neighbours.</b> Uses no other goakt package; {@link io.goakt.cluster} takes a provider in its config and puts
 * the protocol it makes into each member's stack, right above the transport.
 */
package io.goakt.discovery;
