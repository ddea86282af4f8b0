package io.goakt.sample.audit;

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

/** {@code /audit}: read the log (an ask) and add notes to it (a tell, answered 202 at once). */
@RestController
@RequestMapping("/audit")
public class AuditController {

    private final ActorRef audit;

    /** The audit actor's ref is injected by name. */
    public AuditController(@ActorName("audit") ActorRef audit) {
        this.audit = audit;
    }

    /** A free-text note. */
    public record Note(String text) {
    }

    /** The entry count and the latest entries. */
    @GetMapping
    public CompletableFuture<AuditMessages.Log> log() {
        return audit.ask(AuditMessages.GetLog.INSTANCE, AuditMessages.Log.class, Duration.ofSeconds(5))
                .toCompletableFuture();
    }

    /** Queues a note; 202 means the audit actor has it in its mailbox. */
    @PostMapping("/notes")
    public ResponseEntity<Void> note(@RequestBody Note note) {
        audit.tell(new AuditMessages.Record("note: " + note.text()));
        return ResponseEntity.accepted().build();
    }
}
