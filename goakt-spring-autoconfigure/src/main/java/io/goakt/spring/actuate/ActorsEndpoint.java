package io.goakt.spring.actuate;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.spring.internal.KindNames;
import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Endpoint {@code actors}: the system summary with actors grouped by kind ({@code GET /actuator/actors}), one
 * actor's snapshot ({@code GET /actuator/actors/{name or path}}), and write operations {@code stop} and
 * {@code restart} ({@code POST /actuator/actors/{name} {"action": "restart"}}), off unless access is raised above
 * the default {@code READ_ONLY}. An actor that does not exist answers 404 with a small JSON body naming what was
 * asked for ({@code error} and {@code actor}).
 */
@Endpoint(id = "actors", defaultAccess = Access.READ_ONLY)
public class ActorsEndpoint {

    private final ActorSystem system;

    /** Reports on {@code system}. */
    public ActorsEndpoint(ActorSystem system) {
        this.system = system;
    }

    /** The system and its actors by kind. */
    @ReadOperation
    public SystemDescriptor actors() {
        Map<String, List<String>> byKind = new TreeMap<>();
        for (ActorInfo info : system.actors()) {
            String kind = info.kind() == null ? "unknown" : KindNames.of(info.kind());
            byKind.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(info.path());
        }
        return new SystemDescriptor(system.name(), system.isRunning(), system.startTime().toString(),
                Duration.between(system.startTime(), Instant.now()).withNanos(0).toString(), system.actorCount(),
                system.deadLetterCount(), byKind);
    }

    /**
     * One actor, by top-level name or path below {@code /user}: its {@link ActorDescriptor}, or 404 with
     * {@code {"error": "no actor named 'x'", "actor": "x"}} when there is none.
     */
    @ReadOperation
    @RegisterReflectionForBinding(ActorDescriptor.class)
    public WebEndpointResponse<Object> actor(@Selector(match = Selector.Match.ALL_REMAINING) String[] path) {
        return find(path).map(i -> new WebEndpointResponse<Object>(ActorDescriptor.of(i)))
                .orElseGet(() -> new WebEndpointResponse<>(notFound(path), WebEndpointResponse.STATUS_NOT_FOUND));
    }

    /** Stops or restarts one actor: {@code action} is {@code stop} or {@code restart}. */
    @WriteOperation
    public WebEndpointResponse<Map<String, String>> control(@Selector(match = Selector.Match.ALL_REMAINING)
                                                            String[] path, String action) {
        Optional<ActorInfo> info = find(path);
        if (info.isEmpty()) {
            return new WebEndpointResponse<>(notFound(path), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        ActorRef ref = info.get().ref();
        if ("stop".equals(action)) {
            system.stop(ref);
        } else if ("restart".equals(action)) {
            if (!system.restart(ref)) {
                return new WebEndpointResponse<>(notFound(path), WebEndpointResponse.STATUS_NOT_FOUND);
            }
        } else {
            return new WebEndpointResponse<>(Map.of("error", "action must be 'stop' or 'restart', was '" + action
                    + "'"), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return new WebEndpointResponse<>(Map.of("path", ref.path(), "action", action));
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
     * @param kinds       paths of live actors by kind (class name)
     */
    public record SystemDescriptor(String name, boolean running, String startTime, String uptime, int actorCount,
                                   long deadLetters, Map<String, List<String>> kinds) {
    }

    /**
     * One actor.
     *
     * @param path            its path
     * @param kind            its class name
     * @param status          RUNNING, SUSPENDED, STOPPING or STOPPED
     * @param mailboxSize     queued messages
     * @param processedCount  messages handled since it was spawned
     * @param restarts        times restarted
     * @param children        paths of live children
     * @param lastMessageTime when it last handled messages (ISO-8601), or null
     * @param dispatcher      its dispatcher
     */
    public record ActorDescriptor(String path, String kind, String status, int mailboxSize, long processedCount,
                                  int restarts, List<String> children, String lastMessageTime, String dispatcher) {

        static ActorDescriptor of(ActorInfo i) {
            return new ActorDescriptor(i.path(), KindNames.of(i.kind()), i.state().name(), i.mailboxSize(), i.processedCount(),
                    i.restartCount(), i.children(), i.lastMessageTime() == null ? null : i.lastMessageTime().toString(),
                    i.dispatcher());
        }
    }
}
