package io.goakt.sample.notifier;

import io.goakt.actor.ActorRef;
import io.goakt.spring.ActorName;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@code /notifier}: send, read the state, and make it fail to watch its supervisor restart it. */
@RestController
@RequestMapping("/notifier")
public class NotifierController {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ActorRef notifier;

    /** The notifier's ref is injected by name. */
    public NotifierController(@ActorName("notifier") ActorRef notifier) {
        this.notifier = notifier;
    }

    /** The text to send. */
    public record Message(String text) {
    }

    /** Sent count and incarnation. */
    @GetMapping
    public CompletableFuture<NotifierActor.Status> status() {
        return notifier.ask(NotifierActor.GetStatus.INSTANCE, NotifierActor.Status.class, TIMEOUT)
                .toCompletableFuture();
    }

    /** Sends one notification. */
    @PostMapping("/notifications")
    public CompletableFuture<NotifierActor.Status> send(@RequestBody Message message) {
        return notifier.ask(new NotifierActor.Notify(message.text()), NotifierActor.Status.class, TIMEOUT)
                .toCompletableFuture();
    }

    /** Makes the notifier throw; its supervisor restarts it. */
    @PostMapping("/failures")
    public ResponseEntity<Void> fail() {
        notifier.tell(NotifierActor.Fail.INSTANCE);
        return ResponseEntity.accepted().build();
    }
}
