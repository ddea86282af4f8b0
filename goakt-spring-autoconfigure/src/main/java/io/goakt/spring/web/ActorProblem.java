package io.goakt.spring.web;

import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * The problem types (RFC 9457) {@link GoaktExceptionHandler} answers for actor failures: each has a stable
 * {@link #type()} URI that API clients can switch on, a {@link #title()} and an HTTP {@link #status()}. The
 * {@code detail} of a problem says what happened in plain words, never with internal ids, paths or class names.
 */
public enum ActorProblem {

    /** An ask got no reply within its timeout; the problem carries {@code timeout} (ISO-8601 duration). */
    ASK_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "ask-timeout", "Actor did not reply in time"),

    /** The actor asked is stopped, or no actor lives at the ref's path. */
    ACTOR_NOT_ALIVE(HttpStatus.SERVICE_UNAVAILABLE, "actor-not-alive", "Actor is not available"),

    /** No actor of a name runs and no {@code @ActorComponent} declares it; the problem carries {@code actor}. */
    NO_SUCH_ACTOR(HttpStatus.SERVICE_UNAVAILABLE, "no-such-actor", "No such actor"),

    /** A spawn found the name taken; the problem carries {@code actor}. */
    ACTOR_ALREADY_EXISTS(HttpStatus.CONFLICT, "actor-already-exists", "Actor already exists"),

    /** The actor's bounded mailbox is full; the message was not sent. */
    MAILBOX_FULL(HttpStatus.SERVICE_UNAVAILABLE, "mailbox-full", "Actor is overloaded"),

    /** The actor left the message unhandled, or failed on it. */
    MESSAGE_NOT_HANDLED(HttpStatus.INTERNAL_SERVER_ERROR, "message-not-handled", "Actor did not handle the message"),

    /** The actor on another node answered with a failure. */
    REMOTE_FAILURE(HttpStatus.INTERNAL_SERVER_ERROR, "remote-failure", "Remote actor failed"),

    /** The node that runs the actor cannot be reached. */
    REMOTE_UNREACHABLE(HttpStatus.SERVICE_UNAVAILABLE, "remote-unreachable", "Remote node is unreachable"),

    /** The grain kind is not registered; the problem carries {@code kind}. */
    UNKNOWN_GRAIN_KIND(HttpStatus.SERVICE_UNAVAILABLE, "unknown-grain-kind", "Grain kind is not registered"),

    /** No member of the cluster serves the grain now; the problem carries {@code kind} and {@code id}. */
    GRAIN_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "grain-unavailable", "Grain is not available"),

    /** The grain's activation failed; the next message tries again. The problem carries {@code kind} and {@code id}. */
    GRAIN_ACTIVATION_FAILED(HttpStatus.SERVICE_UNAVAILABLE, "grain-activation-failed", "Grain could not be activated"),

    /** A cluster-unique name could not be registered now (no quorum, or no answer in time). */
    NAME_REGISTRATION_FAILED(HttpStatus.SERVICE_UNAVAILABLE, "name-registration-failed",
            "Actor name could not be registered");

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ActorProblem(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create("urn:goakt:problem:" + slug);
        this.title = title;
    }

    /** The HTTP status of the response. */
    public HttpStatus status() {
        return status;
    }

    /** The problem type, {@code urn:goakt:problem:<name>}, for example {@code urn:goakt:problem:ask-timeout}. */
    public URI type() {
        return type;
    }

    /** A short summary that is the same for every occurrence. */
    public String title() {
        return title;
    }
}
