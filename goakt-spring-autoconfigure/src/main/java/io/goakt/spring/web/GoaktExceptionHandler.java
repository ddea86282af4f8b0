package io.goakt.spring.web;

import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.AskTimeoutException;
import io.goakt.grain.UnknownGrainKindException;
import io.goakt.spring.NoSuchActorException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps actor failures that reach a Spring MVC controller (directly or by completing its {@code CompletableFuture})
 * to HTTP: an ask that timed out is 504, a target that is not alive or not declared (an actor name, a grain kind)
 * is 503. Replace it by declaring a bean of this type, or take precedence with a {@code @ControllerAdvice} of your
 * own ordered before it.
 */
@RestControllerAdvice
public class GoaktExceptionHandler {

    /** An ask got no reply in time. */
    @ExceptionHandler(AskTimeoutException.class)
    public ResponseEntity<ProblemDetail> askTimeout(AskTimeoutException e) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, "Actor did not reply in time", e);
    }

    /** The actor asked is stopped or unknown, or the grain kind is not registered. */
    @ExceptionHandler({ActorNotAliveException.class, NoSuchActorException.class, UnknownGrainKindException.class})
    public ResponseEntity<ProblemDetail> notAlive(RuntimeException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Actor is not available", e);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, Exception e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        body.setTitle(title);
        return ResponseEntity.status(status).body(body);
    }
}
