package io.goakt.spring.actuate;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.router.GetRoutees;
import io.goakt.router.Routees;
import io.goakt.spring.internal.KindNames;
import io.goakt.spring.internal.RouterClasses;
import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Endpoint {@code actors}: the system summary with actors grouped by kind ({@code GET /actuator/actors}), one
 * actor's snapshot ({@code GET /actuator/actors/{name or path}}), and write operations {@code stop}, {@code restart},
 * {@code suspend} and {@code reinstate} ({@code POST /actuator/actors/{name} {"action": "restart"}}), off unless
 * access is raised above the default {@code READ_ONLY}, and then allowed to callers with the role
 * {@code GOAKT_OPERATOR} (401 for a caller who is not authenticated, 403 for one without the role) unless this
 * endpoint was made without that requirement. An actor that does not exist answers 404 with a small JSON body naming
 * what was asked for ({@code error} and {@code actor}).
 *
 * <p>An actor's kind is what the kind function given at construction makes of its class name: the
 * auto-configuration shows an {@code @ActorComponent} by its component name and any other actor by its class name,
 * the same kinds the {@code kind} tag of the meters carries.
 *
 * <p>Routers are marked as the dashboard marks them: an actor whose class implements
 * {@link io.goakt.router.RouterActor} is listed under {@code routers} in the summary, and its own snapshot says
 * {@code "router": true} with its routee count, which the router answers to {@link GetRoutees} (its remote routees
 * included, a pool's draining routees not); {@code routees} is null when it did not answer within
 * {@link #ROUTEES_TIMEOUT}.
 */
@Endpoint(id = "actors", defaultAccess = Access.READ_ONLY)
public class ActorsEndpoint {

    /** How long one actor's snapshot waits for a router's routee count. */
    static final Duration ROUTEES_TIMEOUT = Duration.ofSeconds(2);

    private final ActorSystem system;
    private final Function<String, String> kindOfClass;
    private final RouterClasses routerClasses = new RouterClasses(Thread.currentThread().getContextClassLoader());
    private final boolean operatorRoleRequired;

    /**
     * Reports on {@code system}, each actor's kind being its class name, its write operations needing the role
     * {@code GOAKT_OPERATOR}. The constructor Spring uses for an {@code ActorsEndpoint} bean declared by its class
     * alone.
     */
    @Autowired
    public ActorsEndpoint(ActorSystem system) {
        this(system, KindNames.CLASS_NAMES);
    }

    /**
     * Reports on {@code system}, its write operations needing the role {@code GOAKT_OPERATOR}.
     *
     * @param kindOfClass the kind of an actor, from the class name of its instance (never null)
     */
    public ActorsEndpoint(ActorSystem system, Function<String, String> kindOfClass) {
        this(system, kindOfClass, true);
    }

    /**
     * Reports on {@code system}.
     *
     * @param kindOfClass          the kind of an actor, from the class name of its instance (never null)
     * @param operatorRoleRequired whether a write operation needs the role {@code GOAKT_OPERATOR}; false lets
     *                             anyone who reaches the endpoint stop actors, for an application without security
     */
    public ActorsEndpoint(ActorSystem system, Function<String, String> kindOfClass, boolean operatorRoleRequired) {
        this.system = system;
        this.kindOfClass = kindOfClass;
        this.operatorRoleRequired = operatorRoleRequired;
    }

    /** The system and its actors by kind. */
    @ReadOperation
    public SystemDescriptor actors() {
        Map<String, List<String>> byKind = new TreeMap<>();
        List<String> routers = new ArrayList<>();
        for (ActorInfo info : system.actors()) {
            String kind = info.kind() == null ? "unknown" : kindOfClass.apply(info.kind());
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(info.path());
            if (routerClasses.isRouter(info.kind())) {
                routers.add(info.path());
            }
        }
        return new SystemDescriptor(system.name(), system.isRunning(), system.startTime().toString(),
                Duration.between(system.startTime(), Instant.now()).withNanos(0).toString(), system.actorCount(),
                system.deadLetterCount(), byKind, routers);
    }

    /**
     * One actor, by top-level name or path below {@code /user}: its {@link ActorDescriptor}, or 404 with
     * {@code {"error": "no actor named 'x'", "actor": "x"}} when there is none.
     */
    @ReadOperation
    @RegisterReflectionForBinding(ActorDescriptor.class)
    public WebEndpointResponse<Object> actor(@Selector(match = Selector.Match.ALL_REMAINING) String[] path) {
        return find(path).map(i -> new WebEndpointResponse<Object>(describe(i)))
                .orElseGet(() -> new WebEndpointResponse<>(notFound(path), WebEndpointResponse.STATUS_NOT_FOUND));
    }

    /**
     * Stops, restarts, suspends or reinstates one actor: {@code action} is {@code stop}, {@code restart},
     * {@code suspend} or {@code reinstate} ({@link ActorSystem#suspend}, {@link ActorSystem#reinstate}).
     *
     * @param security the caller, as Actuator knows it: without the role {@code GOAKT_OPERATOR} (when this endpoint
     *                 requires it) the answer is 401 or 403 and nothing is done
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, String>> control(@Selector(match = Selector.Match.ALL_REMAINING)
                                                            String[] path, String action, SecurityContext security) {
        Optional<WebEndpointResponse<Map<String, String>>> refused =
                OperatorRole.refusal(operatorRoleRequired, security);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<ActorInfo> info = find(path);
        if (info.isEmpty()) {
            return new WebEndpointResponse<>(notFound(path), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        ActorRef ref = info.get().ref();
        if ("stop".equals(action)) {
            system.stop(ref);
        } else if ("restart".equals(action) || "suspend".equals(action) || "reinstate".equals(action)) {
            boolean alive = switch (action) {
                case "restart" -> system.restart(ref);
                case "suspend" -> system.suspend(ref);
                default -> system.reinstate(ref);
            };
            if (!alive) {
                return new WebEndpointResponse<>(notFound(path), WebEndpointResponse.STATUS_NOT_FOUND);
            }
        } else {
            return new WebEndpointResponse<>(Map.of("error", "action must be 'stop', 'restart', 'suspend' or "
                    + "'reinstate', was '" + action + "'"), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return new WebEndpointResponse<>(Map.of("path", ref.path(), "action", action));
    }

    private ActorDescriptor describe(ActorInfo info) {
        boolean router = routerClasses.isRouter(info.kind());
        Integer routees = null;
        if (router && info.state() == ActorInfo.State.RUNNING) {
            try {
                routees = info.ref().ask(GetRoutees.INSTANCE, Routees.class, ROUTEES_TIMEOUT)
                        .toCompletableFuture().get().routees().size();
            } catch (ExecutionException e) {
                // no answer in time, or the router stopped: shown without its count
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ActorDescriptor.of(info, kindOfClass, router, routees);
    }

    /** The body of a 404: what was asked for, as the caller wrote it. */
    private static Map<String, String> notFound(String[] path) {
        String joined = String.join("/", path);
        return Map.of("error", (path.length > 1 ? "no actor at '" : "no actor named '") + joined + "'",
                "actor", joined);
    }

    private Optional<ActorInfo> find(String[] path) {
        String joined = String.join("/", path);
        return joined.isEmpty() ? Optional.empty() : system.inspect(path.length > 1 ? "/user/" + joined : joined);
    }

    /**
     * The system summary.
     *
     * @param name        system name
     * @param running     whether it runs
     * @param startTime   when it started (ISO-8601)
     * @param uptime      how long it has run (ISO-8601 duration)
     * @param actorCount  live actors
     * @param deadLetters dead letters since start
     * @param kinds       paths of live actors by kind
     * @param routers     paths of the live actors that are routers
     */
    public record SystemDescriptor(String name, boolean running, String startTime, String uptime, int actorCount,
                                   long deadLetters, Map<String, List<String>> kinds, List<String> routers) {
    }

    /**
     * One actor.
     *
     * @param path            its path
     * @param kind            its kind: the component name of an {@code @ActorComponent}, else its class name
     * @param status          RUNNING, AWAITING_SUPERVISOR (processing nothing while a failure, its own or an
     *                        ancestor's, is decided), SUSPENDED (processing nothing until reinstated), STOPPING or
     *                        STOPPED
     * @param mailboxSize     queued messages
     * @param processedCount  messages handled since it was spawned, {@code PostStart} not counted (the meter
     *                        {@code goakt.messages.processed} counts the same)
     * @param restarts        times restarted
     * @param children        paths of live children
     * @param lastMessageTime when it last handled messages (ISO-8601), or null
     * @param dispatcher      its dispatcher
     * @param router          whether it is a router (its class implements {@link io.goakt.router.RouterActor})
     * @param routees         a router's routee count as it answered, or null (not a router, or no answer in time)
     */
    public record ActorDescriptor(String path, String kind, String status, int mailboxSize, long processedCount,
                                  int restarts, List<String> children, String lastMessageTime, String dispatcher,
                                  boolean router, Integer routees) {

        static ActorDescriptor of(ActorInfo i, Function<String, String> kindOfClass, boolean router,
                                  Integer routees) {
            return new ActorDescriptor(i.path(), i.kind() == null ? null : kindOfClass.apply(i.kind()),
                    i.state().name(), i.mailboxSize(), i.processedCount(), i.restartCount(), i.children(),
                    i.lastMessageTime() == null ? null : i.lastMessageTime().toString(), i.dispatcher(), router,
                    routees);
        }
    }
}
