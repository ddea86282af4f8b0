package io.goakt.spring.actuate;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.ClusterGrains;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.spring.ClusterLifecycle;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Endpoint {@code cluster}: this member's view of the cluster ({@code GET /actuator/cluster}): the cluster's name,
 * this member's state, itself, the oldest member, the view id and every member with its roles, remoting endpoint,
 * status and the cluster-unique names whose actors it runs, each cluster singleton with the member it runs on, the
 * quorum state (rule, whether it holds, reachable members, the last stable view's size, why it was lost) and this
 * member's grains (partitions owned and served, activations by kind); and the write operations, off unless access is
 * raised
 * above the default {@code READ_ONLY}: {@code leave} ({@code POST /actuator/cluster {"action": "leave"}}), which makes
 * this member leave gracefully while the application keeps running, and {@code down}
 * ({@code {"action": "down", "member": "<id>"}}), which removes another member for good. The write operations are
 * allowed to callers with the role {@code GOAKT_OPERATOR} (401 for a caller who is not authenticated, 403 for one
 * without the role) unless this endpoint was made without that requirement.
 */
@Endpoint(id = "cluster", defaultAccess = Access.READ_ONLY)
public class ClusterEndpoint {

    private final ClusterLifecycle lifecycle;
    private final boolean operatorRoleRequired;

    /** Reports on the membership {@code lifecycle} drives, its write operations needing the role GOAKT_OPERATOR. */
    public ClusterEndpoint(ClusterLifecycle lifecycle) {
        this(lifecycle, true);
    }

    /**
     * Reports on the membership {@code lifecycle} drives.
     *
     * @param operatorRoleRequired whether a write operation needs the role {@code GOAKT_OPERATOR}; false lets
     *                             anyone who reaches the endpoint take members out, for an application without
     *                             security
     */
    public ClusterEndpoint(ClusterLifecycle lifecycle, boolean operatorRoleRequired) {
        this.lifecycle = lifecycle;
        this.operatorRoleRequired = operatorRoleRequired;
    }

    /** The cluster as this member sees it. */
    @ReadOperation
    public ClusterDescriptor cluster() {
        Optional<ClusterView> view = lifecycle.view();
        Set<String> unreachable = lifecycle.unreachable();
        Map<String, Set<String>> actors = view.map(this::namedActors).orElse(Map.of());
        List<MemberDescriptor> members = view.map(v -> v.members().stream()
                .map(m -> MemberDescriptor.of(m, unreachable.contains(m.id()) ? "UNREACHABLE" : "UP",
                        actors.getOrDefault(m.id(), Set.of()))).toList())
                .orElse(List.of());
        return new ClusterDescriptor(lifecycle.config().clusterName(), lifecycle.state().name(),
                lifecycle.isReady(), lifecycle.config().minPeers(),
                view.map(v -> v.self().id()).orElse(null), view.map(v -> v.oldest().id()).orElse(null),
                view.map(ClusterView::viewId).orElse(null), members, singletons(), quorum(view, unreachable),
                ClusterGrains.of(lifecycle.system()).map(GrainsDescriptor::of).orElse(null));
    }

    private QuorumDescriptor quorum(Optional<ClusterView> view, Set<String> unreachable) {
        return new QuorumDescriptor(lifecycle.config().quorum().propertyValue(), lifecycle.hasQuorum(),
                view.map(v -> (int) v.members().stream().filter(m -> !unreachable.contains(m.id())).count())
                        .orElse(0),
                lifecycle.lastStableViewSize(), lifecycle.quorumLostReason().orElse(null));
    }

    /** Each cluster singleton this member declares or heard of, with the member it runs on (null: none known). */
    private List<SingletonDescriptor> singletons() {
        Optional<ClusterSingletons> singletons = lifecycle.cluster().filter(Cluster::isUp)
                .flatMap(c -> lifecycle.system().extension(ClusterSingletons.class));
        if (singletons.isEmpty()) {
            return List.of();
        }
        Map<String, Member> where = singletons.get().locations();
        Set<String> names = new TreeSet<>(singletons.get().names());
        names.addAll(where.keySet());
        return names.stream().map(n -> new SingletonDescriptor(n, where.containsKey(n) ? where.get(n).id() : null))
                .toList();
    }

    /**
     * The cluster-unique names this member's registry holds, by the id of the member that runs each: a name's actor
     * address carries its member's remoting endpoint (none when it runs here). A name whose actor is on no member of
     * the view (its entry not dropped yet) is left out.
     */
    private Map<String, Set<String>> namedActors(ClusterView view) {
        Optional<ClusterActors> registry = lifecycle.cluster().filter(Cluster::isUp)
                .map(c -> ClusterActors.of(lifecycle.system()));
        if (registry.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> byMember = new HashMap<>();
        for (String name : registry.get().names()) {
            Optional<ActorRef> ref = registry.get().lookup(name).toCompletableFuture().getNow(Optional.empty());
            if (ref.isEmpty()) {
                continue;
            }
            Address a = ref.get().address();
            Optional<Member> owner = a.isLocal() ? Optional.of(view.self()) : view.members().stream()
                    .filter(m -> m.remoting().host().equals(a.host()) && m.remoting().port() == a.port())
                    .findFirst();
            owner.ifPresent(m -> byMember.computeIfAbsent(m.id(), k -> new TreeSet<>()).add(name));
        }
        return byMember;
    }

    /** How long {@code down} waits for the member to be out of this member's view. */
    private static final Duration DOWN_WITHIN = Duration.ofSeconds(35);

    /**
     * {@code action} {@code leave}: this member leaves the cluster gracefully; the application keeps running.
     * {@code action} {@code down} with {@code member} (a member id from the read operation): that member is removed
     * from the cluster at once and kept out (see {@code Cluster.down}); for operators, when a member hangs or its
     * host is gone.
     *
     * @param security the caller, as Actuator knows it: without the role {@code GOAKT_OPERATOR} (when this endpoint
     *                 requires it) the answer is 401 or 403 and nothing is done
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, String>> control(String action, @Nullable String member,
                                                            SecurityContext security) {
        Optional<WebEndpointResponse<Map<String, String>>> refused =
                OperatorRole.refusal(operatorRoleRequired, security);
        if (refused.isPresent()) {
            return refused.get();
        }
        if ("leave".equals(action)) {
            boolean left = lifecycle.leave();
            return new WebEndpointResponse<>(Map.of("action", action, "state", lifecycle.state().name(),
                    "result", left ? "left" : "not a member"));
        }
        if (!"down".equals(action)) {
            return new WebEndpointResponse<>(Map.of("error", "action must be 'leave' or 'down', was '" + action
                    + "'"), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        if (member == null || member.isBlank()) {
            return new WebEndpointResponse<>(Map.of("error", "action 'down' needs 'member', the id of the member"
                    + " to remove"), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        Optional<Cluster> cluster = lifecycle.cluster().filter(Cluster::isUp);
        if (cluster.isEmpty()) {
            return new WebEndpointResponse<>(Map.of("error", "this member is not in the cluster (state "
                    + lifecycle.state().name() + ")"), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        boolean downed;
        try {
            downed = cluster.get().down(member.trim()).toCompletableFuture()
                    .get(DOWN_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebEndpointResponse<>(Map.of("error", "interrupted"),
                    WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return new WebEndpointResponse<>(Map.of("error", "down of " + member + " failed: " + cause),
                    WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
        }
        return downed
                ? new WebEndpointResponse<>(Map.of("action", action, "member", member, "result", "downed"))
                : new WebEndpointResponse<>(Map.of("action", action, "member", member, "result",
                        "no such member in this member's view"), WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /**
     * The cluster.
     *
     * @param cluster  the cluster's name
     * @param state    this member's state: CREATED, JOINING, UP, LEAVING or LEFT
     * @param ready    whether it is up with at least {@code minPeers} members in its view
     * @param minPeers {@code goakt.cluster.min-peers}
     * @param self     this member's id, or null before it joined
     * @param oldest   the oldest member's id (the coordinator), or null before this member joined
     * @param viewId   the id of this member's latest view, or null before it joined
     * @param members  the members of that view, oldest first
     * @param singletons the cluster singletons and where each runs, by name
     * @param quorum   whether this member's side of the cluster has quorum
     * @param grains   this member's grains, or null before the cluster started
     */
    public record ClusterDescriptor(String cluster, String state, boolean ready, int minPeers, String self,
                                    String oldest, Long viewId, List<MemberDescriptor> members,
                                    List<SingletonDescriptor> singletons, QuorumDescriptor quorum,
                                    GrainsDescriptor grains) {
    }

    /**
     * The quorum state of this member's side of the cluster.
     *
     * @param rule                {@code goakt.cluster.quorum}: keep-majority or static-quorum
     * @param hasQuorum           whether this member is up and its side satisfies the rule
     * @param reachable           members of the view this member reaches, itself included
     * @param lastStableViewSize  members of the last view that stayed unchanged with quorum for
     *                            {@code goakt.cluster.stable-after}
     * @param lostReason          why the side lost quorum, while it has not regained it; null otherwise
     */
    public record QuorumDescriptor(String rule, boolean hasQuorum, int reachable, int lastStableViewSize,
                                   String lostReason) {
    }

    /**
     * The grains of this member: counts, never one line per grain.
     *
     * @param partitionsOwned  grain partitions this member owns in its view
     * @param partitionsServed of those, the ones it serves now (not while a hand-over or a stable view is awaited,
     *                         nor without quorum)
     * @param activeByKind     activations running or starting here, by kind
     * @param activeByMember   activations on every member that answered within {@link #PER_MEMBER_WAIT}, by member
     *                         id and kind (counts, never one line per grain)
     */
    public record GrainsDescriptor(int partitionsOwned, int partitionsServed, Map<String, Integer> activeByKind,
                                   Map<String, Map<String, Integer>> activeByMember) {

        /** How long the endpoint waits for the other members' grain counts; a member that is slower is left out. */
        public static final java.time.Duration PER_MEMBER_WAIT = java.time.Duration.ofSeconds(2);

        static GrainsDescriptor of(ClusterGrains grains) {
            Map<String, Map<String, Integer>> perMember;
            try {
                perMember = grains.activeByKindPerMember(PER_MEMBER_WAIT).toCompletableFuture()
                        .get(PER_MEMBER_WAIT.toMillis() + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                perMember = Map.of();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                perMember = Map.of();
            }
            return new GrainsDescriptor(grains.ownedPartitions(), grains.servedPartitions(), grains.activeByKind(),
                    new java.util.TreeMap<>(perMember));
        }
    }

    /**
     * One cluster singleton.
     *
     * @param name   its name
     * @param member the id of the member that runs it, as this member knows; null while it runs nowhere known
     *               (starting, moving)
     */
    public record SingletonDescriptor(String name, String member) {
    }

    /**
     * One member.
     *
     * @param id          its id, {@code <system>@<remoting endpoint>#<6 hex digits>}, new on every start
     * @param endpoint    where its remoting listens, {@code host:port}
     * @param controlPlane where its control plane listens, {@code host:port}
     * @param roles       its roles, sorted
     * @param status      UP, or UNREACHABLE when this member's failure detector verified it silent and it is still
     *                    in the view
     * @param actors      the cluster-unique names whose actors run on it, sorted, as this member's registry knows
     *                    them
     */
    public record MemberDescriptor(String id, String endpoint, String controlPlane, Set<String> roles,
                                   String status, Set<String> actors) {

        static MemberDescriptor of(Member m, String status, Set<String> actors) {
            return new MemberDescriptor(m.id(), m.remoting().toString(), m.host() + ":" + m.controlPort(),
                    new TreeSet<>(m.roles()), status, new TreeSet<>(actors));
        }
    }
}
