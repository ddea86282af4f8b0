package io.goakt.sample.sequence;

import io.goakt.actor.ActorRef;
import io.goakt.spring.ActorName;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /sequence/next}: the next number of the cluster-wide {@link SequenceActor}, asked by its
 * cluster-unique name from whichever instance gets the request ({@link SequenceRemoting} lets the messages cross).
 */
@RestController
@RequestMapping("/sequence")
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class SequenceController {

    private final ActorRef sequence;

    /** The ref by name follows the actor to whichever member runs it. */
    public SequenceController(@ActorName("sequence") ActorRef sequence) {
        this.sequence = sequence;
    }

    /** The next number and who issued it. */
    @PostMapping("/next")
    public CompletableFuture<SequenceMessages.Issued> next() {
        return sequence.ask(SequenceMessages.Next.INSTANCE, SequenceMessages.Issued.class, Duration.ofSeconds(5))
                .toCompletableFuture();
    }
}
