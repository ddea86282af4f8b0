/**
 * Cluster membership: actor systems on several nodes that know each other, notice when one is gone, and reach each
 * other over remoting.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * ActorSystem system = ActorSystem.create("orders");
 * system.eventStream().subscribe(MemberLeft.class, e -> log.info("{} left", e.member().id()));
 * Cluster cluster = Cluster.start(system, ClusterConfig.builder()
 *         .clusterName("orders")
 *         .host("10.0.0.5").port(7800)                                   // the control plane (JGroups)
 *         .roles(Set.of("api"))
 *         .discovery(StaticDiscovery.of(List.of("10.0.0.5:7800", "10.0.0.6:7800", "10.0.0.7:7800")))
 *         .remoting(RemotingConfig.builder().host("10.0.0.5").port(7355).build())   // the data plane
 *         .build());
 * for (Member m : cluster.view().members()) {
 *     ActorRef billing = Remoting.of(system).orElseThrow().actorRef(m.remoting(), "orders", "billing");
 * }
 * }</pre>
 *
 * <h2>Control plane and data plane</h2>
 * Membership, failure detection, discovery and the merging of views after a partition come from JGroups, whose
 * stack the runtime builds in code ({@code io.goakt.internal.cluster}). Actor messages never travel over JGroups:
 * they use {@link io.goakt.remote.Remoting}, and each {@link io.goakt.cluster.Member} carries its remoting endpoint.
 * Delivery between members is at most once.
 *
 * <h2>Named actors and placement</h2>
 * {@link io.goakt.cluster.ClusterActors} spawns actors under cluster-unique names, reachable by name from every
 * member ({@code lookup}, {@code actorOf}), and spawns registered actor kinds on a member a
 * {@link io.goakt.cluster.Placement} picks (round robin, random, least loaded, local, by role). Actors spawned by
 * kind with {@link io.goakt.cluster.Relocation#RELOCATABLE} are spawned again on a remaining member when theirs
 * goes ({@link io.goakt.cluster.ActorRelocated}); after a partition heals, a name held on both sides stays with the
 * older owner ({@link io.goakt.cluster.NameConflictResolved}).
 *
 * <h2>Grains</h2>
 * {@link io.goakt.cluster.ClusterGrains}: once the cluster started, the system's grains are placed cluster-wide, each
 * identity on the owner of its partition, active on at most one member also while the view changes.
 *
 * <h2>Singletons</h2>
 * {@link io.goakt.cluster.ClusterSingletons} runs one actor of a kind in the whole cluster, on the oldest member
 * (with a role, optionally), hands it over when that member leaves and restarts it elsewhere when it crashes; its
 * proxy ref follows it and holds messages while it moves ({@link io.goakt.cluster.SingletonOptions}).
 *
 * <h2>Topics and routers</h2>
 * On a member, {@link io.goakt.pubsub.PubSub#topics} spans the cluster: a publish on any member reaches each
 * subscriber on every member once, in each publisher's order ({@code Cluster.start} installs the clustered registry).
 * {@link io.goakt.cluster.ClusterRouters} spawns routers whose routees are spread over the members and follow the
 * view: pools of a registered actor kind ({@link io.goakt.cluster.ClusterPool}) and groups over one path on every
 * member, routed by the strategies of {@link io.goakt.router}.
 *
 * <h2>Events</h2>
 * On the system's event stream: {@link io.goakt.cluster.MemberJoined}, {@link io.goakt.cluster.MemberLeft},
 * {@link io.goakt.cluster.MemberUnreachable} and {@link io.goakt.cluster.ClusterViewChanged}; on a member another
 * one {@linkplain io.goakt.cluster.Cluster#down downed}, {@link io.goakt.cluster.SelfDowned}.
 *
 * <h2>Neighbours</h2>
 * Builds on {@link io.goakt.remote} (a member's data-plane endpoint, the remoting it starts), {@link io.goakt.router}
 * (the strategies of cluster-aware routers), {@link io.goakt.pubsub} (the topic registry it installs), {@link io.goakt.actor}
 * (the system it is an extension of, the event stream) and {@link io.goakt.discovery} (how members find each
 * other). Nothing below it knows about the cluster.
 */
package io.goakt.cluster;
