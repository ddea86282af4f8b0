package io.goakt.spring.web;

import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.MailboxFullException;
import io.goakt.actor.MessageNotHandledException;
import io.goakt.cluster.NameRegistrationException;
import io.goakt.grain.GrainActivationException;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainUnavailableException;
import io.goakt.grain.UnknownGrainKindException;
import io.goakt.remote.RemoteFailureException;
import io.goakt.remote.RemoteUnreachableException;
import io.goakt.spring.NoSuchActorException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.time.Duration;

/**
 * Maps actor failures that reach a Spring MVC controller (directly or by completing its {@code CompletableFuture})
 * to RFC 9457 problem details, one {@link ActorProblem} per failure: an ask that timed out is 504, a target that is
 * not alive, not declared or unreachable is 503, a name that is taken is 409, a message the actor did not handle is
 * 500. The {@code detail} says what happened without internal ids, actor paths or class names; properties carry
 * what a client can use ({@code timeout}, the {@code actor} name or grain {@code kind} and {@code id} as the
 * application gave them). With {@code goakt.web.problem-details.include-exception-message} the exception's own
 * message is added as the property {@code exceptionMessage}, for development: it names internal refs and types.
 *
 * <p>Replace it by declaring a bean of this type, or take precedence with a {@code @ControllerAdvice} of your own
 * ordered before it.
 */
@RestControllerAdvice
public class GoaktExceptionHandler {

    /** The property that carries the exception's message when the application opts in. */
    public static final String EXCEPTION_MESSAGE = "exceptionMessage";

    private final boolean includeExceptionMessage;

    /** Problem details without the exceptions' messages. */
    public GoaktExceptionHandler() {
        this(false);
    }

    /**
     * Problem details that carry each exception's message as the property {@value #EXCEPTION_MESSAGE} when
     * {@code includeExceptionMessage} is true.
     */
    public GoaktExceptionHandler(boolean includeExceptionMessage) {
        this.includeExceptionMessage = includeExceptionMessage;
    }

    /** An ask got no reply in time: 504 with {@code timeout}. */
    @ExceptionHandler(AskTimeoutException.class)
    public ResponseEntity<ProblemDetail> askTimeout(AskTimeoutException e) {
        Duration timeout = e.timeout();
        ProblemDetail body = problem(ActorProblem.ASK_TIMEOUT, timeout == null
                ? "The actor did not reply in time." : "The actor did not reply within " + words(timeout) + ".", e);
        if (timeout != null) {
            body.setProperty("timeout", timeout.toString());
        }
        return respond(ActorProblem.ASK_TIMEOUT, body);
    }

    /** The actor asked is stopped, or nobody lives at the ref's path: 503. */
    @ExceptionHandler(ActorNotAliveException.class)
    public ResponseEntity<ProblemDetail> notAlive(ActorNotAliveException e) {
        return respond(ActorProblem.ACTOR_NOT_ALIVE, "The actor is not running.", e);
    }

    /** No actor of the name runs and none is declared: 503 with {@code actor}. */
    @ExceptionHandler(NoSuchActorException.class)
    public ResponseEntity<ProblemDetail> noSuchActor(NoSuchActorException e) {
        String name = e.actorName();
        ProblemDetail body = problem(ActorProblem.NO_SUCH_ACTOR, name == null
                ? "The actor kind is not declared in this application." : "No actor named '" + name + "'.", e);
        if (name != null) {
            body.setProperty("actor", name);
        }
        return respond(ActorProblem.NO_SUCH_ACTOR, body);
    }

    /** A spawn found the name taken: 409 with {@code actor}. */
    @ExceptionHandler(ActorAlreadyExistsException.class)
    public ResponseEntity<ProblemDetail> alreadyExists(ActorAlreadyExistsException e) {
        String path = e.path();
        String name = path == null ? null : path.substring(path.lastIndexOf('/') + 1);
        ProblemDetail body = problem(ActorProblem.ACTOR_ALREADY_EXISTS, name == null || name.isEmpty()
                ? "An actor of that name already exists." : "An actor named '" + name + "' already exists.", e);
        if (name != null && !name.isEmpty()) {
            body.setProperty("actor", name);
        }
        return respond(ActorProblem.ACTOR_ALREADY_EXISTS, body);
    }

    /** The actor's bounded mailbox is full: 503. */
    @ExceptionHandler(MailboxFullException.class)
    public ResponseEntity<ProblemDetail> mailboxFull(MailboxFullException e) {
        return respond(ActorProblem.MAILBOX_FULL, "The actor cannot take more messages now.", e);
    }

    /** The actor left the message unhandled or failed on it: 500. */
    @ExceptionHandler(MessageNotHandledException.class)
    public ResponseEntity<ProblemDetail> notHandled(MessageNotHandledException e) {
        return respond(ActorProblem.MESSAGE_NOT_HANDLED, "The actor did not handle the message.", e);
    }

    /** An actor on another node answered with a failure: 500. */
    @ExceptionHandler(RemoteFailureException.class)
    public ResponseEntity<ProblemDetail> remoteFailure(RemoteFailureException e) {
        return respond(ActorProblem.REMOTE_FAILURE, "The actor on another node failed to handle the message.", e);
    }

    /** The node that runs the actor cannot be reached: 503. */
    @ExceptionHandler(RemoteUnreachableException.class)
    public ResponseEntity<ProblemDetail> remoteUnreachable(RemoteUnreachableException e) {
        return respond(ActorProblem.REMOTE_UNREACHABLE, "The node that runs the actor cannot be reached.", e);
    }

    /** The grain kind is not registered: 503 with {@code kind}. */
    @ExceptionHandler(UnknownGrainKindException.class)
    public ResponseEntity<ProblemDetail> unknownGrainKind(UnknownGrainKindException e) {
        ProblemDetail body = problem(ActorProblem.UNKNOWN_GRAIN_KIND,
                "No grain kind named '" + e.kind() + "'.", e);
        body.setProperty("kind", e.kind());
        return respond(ActorProblem.UNKNOWN_GRAIN_KIND, body);
    }

    /** No member serves the grain now: 503 with {@code kind} and {@code id}. */
    @ExceptionHandler(GrainUnavailableException.class)
    public ResponseEntity<ProblemDetail> grainUnavailable(GrainUnavailableException e) {
        return respond(ActorProblem.GRAIN_UNAVAILABLE, grain(problem(ActorProblem.GRAIN_UNAVAILABLE,
                "The grain is not available now.", e), e.identity()));
    }

    /** The grain's activation failed: 503 with {@code kind} and {@code id}. */
    @ExceptionHandler(GrainActivationException.class)
    public ResponseEntity<ProblemDetail> grainActivation(GrainActivationException e) {
        return respond(ActorProblem.GRAIN_ACTIVATION_FAILED, grain(problem(ActorProblem.GRAIN_ACTIVATION_FAILED,
                "The grain could not be activated.", e), e.identity()));
    }

    /** A cluster-unique name could not be registered now: 503. */
    @ExceptionHandler(NameRegistrationException.class)
    public ResponseEntity<ProblemDetail> nameRegistration(NameRegistrationException e) {
        return respond(ActorProblem.NAME_REGISTRATION_FAILED, "The cluster cannot register the actor's name now.", e);
    }

    private ProblemDetail problem(ActorProblem kind, String detail, Exception e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(kind.status(), detail);
        body.setType(kind.type());
        body.setTitle(kind.title());
        if (includeExceptionMessage && e.getMessage() != null) {
            body.setProperty(EXCEPTION_MESSAGE, e.getMessage());
        }
        return body;
    }

    private static ProblemDetail grain(ProblemDetail body, GrainIdentity identity) {
        if (identity != null) {
            body.setProperty("kind", identity.kind());
            body.setProperty("id", identity.id());
        }
        return body;
    }

    /** The answer for {@code kind} with nothing beyond its {@code detail}. */
    private ResponseEntity<ProblemDetail> respond(ActorProblem kind, String detail, Exception e) {
        return respond(kind, problem(kind, detail, e));
    }

    private static ResponseEntity<ProblemDetail> respond(ActorProblem kind, ProblemDetail body) {
        return ResponseEntity.status(kind.status()).body(body);
    }

    /** {@code 200 ms}, {@code 1 second}, {@code 5 seconds}, {@code 2 minutes}. */
    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return plural(ms / 60_000, "minute");
        }
        if (ms >= 1_000 && ms % 1_000 == 0) {
            return plural(ms / 1_000, "second");
        }
        return ms + " ms";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
