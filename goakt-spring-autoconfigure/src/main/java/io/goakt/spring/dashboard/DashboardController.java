package io.goakt.spring.dashboard;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.remote.Remoting;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the dashboard at {@code goakt.dashboard.path}: the page and its two assets (from the jar, no CDN), the
 * snapshot stream ({@code stream}, Server-Sent Events), the search through actors a snapshot did not list
 * ({@code api/search}) and the actions ({@code api/stop}, {@code api/restart}, {@code api/send}).
 *
 * <p>Actions answer 403 unless {@code goakt.dashboard.actions.enabled} is true and the caller has the role
 * {@code GOAKT_OPERATOR} (asked through the servlet request, which Spring Security answers from the caller's
 * authorities {@code ROLE_GOAKT_OPERATOR}). Everything else follows the application's security, as any of its
 * controllers does.
 */
@Controller
@RequestMapping("${goakt.dashboard.path:/goakt}")
class DashboardController {

    /** Role an action needs. */
    static final String OPERATOR_ROLE = "GOAKT_OPERATOR";

    static final String RESOURCES = "META-INF/goakt-dashboard/";

    /** Actions reach actors by path below the user guardian. */
    private static final String USER_PREFIX = "/user/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ActorSystem system;
    private final DashboardStream stream;
    private final DashboardSnapshots snapshots;
    private final boolean actionsEnabled;
    private final String indexTemplate;

    DashboardController(ActorSystem system, DashboardStream stream, DashboardSnapshots snapshots,
                        boolean actionsEnabled) {
        this.system = system;
        this.stream = stream;
        this.snapshots = snapshots;
        this.actionsEnabled = actionsEnabled;
        this.indexTemplate = resource("index.html");
    }

    @GetMapping({"", "/"})
    ResponseEntity<String> page(HttpServletRequest request) {
        if (!request.getRequestURI().endsWith("/")) {
            // the page loads its assets and stream relative to itself
            return ResponseEntity.status(HttpStatus.FOUND).header("Location", request.getRequestURI() + "/").build();
        }
        String[] csrf = CsrfTokens.of(request);
        String html = indexTemplate
                .replace("{{csrfHeader}}", attribute(csrf[0]))
                .replace("{{csrfToken}}", attribute(csrf[1]))
                .replace("{{actions}}", String.valueOf(actionsEnabled));
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore()).body(html);
    }

    @GetMapping("/dashboard.js")
    ResponseEntity<String> script() {
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/javascript;charset=UTF-8"))
                .body(resource("dashboard.js"));
    }

    @GetMapping("/dashboard.css")
    ResponseEntity<String> style() {
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/css;charset=UTF-8"))
                .body(resource("dashboard.css"));
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events() {
        return stream.connect();
    }

    @GetMapping(path = "/api/search", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> search(@RequestParam("q") String query) {
        return ResponseEntity.ok(snapshots.search(query));
    }

    @PostMapping(path = "/api/stop", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> stop(@RequestParam("path") String path, HttpServletRequest request) {
        return act(request, path, ref -> {
            system.stop(ref);
            return ok(ref, "stop");
        });
    }

    @PostMapping(path = "/api/restart", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> restart(@RequestParam("path") String path, HttpServletRequest request) {
        return act(request, path, ref -> system.restart(ref) ? ok(ref, "restart")
                : error(HttpStatus.NOT_FOUND, "actor '" + path + "' cannot be restarted now"));
    }

    /**
     * Tells the actor at {@code path} a message of a type registered for remote serialization, read from the JSON
     * {@code message}: {@code {"path": "/user/x", "type": "com.example.Ping", "message": {...}}} ({@code type} is
     * the class name, or its simple name when that is unique among the registered types).
     */
    @PostMapping(path = "/api/send", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> send(@RequestBody String body, HttpServletRequest request) {
        Map<?, ?> command;
        try {
            command = JSON.readValue(body, Map.class);
        } catch (JacksonException e) {
            return error(HttpStatus.BAD_REQUEST, "body is not JSON: " + e.getOriginalMessage());
        }
        if (!(command.get("path") instanceof String path) || !(command.get("type") instanceof String typeName)) {
            return error(HttpStatus.BAD_REQUEST, "body needs \"path\" and \"type\" strings and a \"message\"");
        }
        return act(request, path, ref -> {
            Optional<Class<?>> type = registeredType(typeName);
            if (type.isEmpty()) {
                return error(HttpStatus.BAD_REQUEST, "type '" + typeName
                        + "' is not registered for serialization (see Serialization.Builder.register)");
            }
            Object message;
            try {
                message = JSON.convertValue(command.get("message") == null ? Map.of() : command.get("message"),
                        type.get());
            } catch (IllegalArgumentException | JacksonException e) {
                return error(HttpStatus.BAD_REQUEST, "message is not a " + type.get().getName() + ": "
                        + e.getMessage());
            }
            ref.tell(message, null);
            return ResponseEntity.ok(Map.of("path", ref.path(), "action", "send", "type", type.get().getName()));
        });
    }

    private Optional<Class<?>> registeredType(String name) {
        var types = Remoting.of(system).map(r -> r.config().serialization().types()).orElse(java.util.Set.of());
        Optional<Class<?>> exact = types.stream().filter(t -> t.getName().equals(name)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        var simple = types.stream().filter(t -> t.getSimpleName().equals(name)).toList();
        return simple.size() == 1 ? Optional.of(simple.get(0)) : Optional.empty();
    }

    private interface Action {
        ResponseEntity<Map<String, Object>> on(ActorRef ref);
    }

    private ResponseEntity<Map<String, Object>> act(HttpServletRequest request, String path, Action action) {
        if (!actionsEnabled) {
            return error(HttpStatus.FORBIDDEN, "dashboard actions are off (goakt.dashboard.actions.enabled)");
        }
        if (!request.isUserInRole(OPERATOR_ROLE)) {
            return error(HttpStatus.FORBIDDEN, "dashboard actions need the role " + OPERATOR_ROLE);
        }
        // actors below the user guardian only: the guardian itself is the whole system
        Optional<ActorInfo> info = path == null || !path.startsWith(USER_PREFIX) || path.length() == USER_PREFIX.length()
                ? Optional.empty() : system.inspect(path);
        if (info.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no actor at '" + path + "'");
        }
        return action.on(info.get().ref());
    }

    private static ResponseEntity<Map<String, Object>> ok(ActorRef ref, String action) {
        return ResponseEntity.ok(Map.of("path", ref.path(), "action", action));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }

    private static String attribute(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    private static String resource(String name) {
        try (var in = new ClassPathResource(RESOURCES + name, DashboardController.class.getClassLoader())
                .getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("goakt dashboard: missing " + RESOURCES + name, e);
        }
    }
}
