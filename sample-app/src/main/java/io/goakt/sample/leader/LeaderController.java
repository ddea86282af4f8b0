package io.goakt.sample.leader;

import io.goakt.actor.ActorRef;
import io.goakt.spring.ActorName;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@code GET /leader}: which member runs the cluster singleton {@link LeaderActor}, asked through its proxy. */
@RestController
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class LeaderController {

    private final ActorRef leader;

    /** The singleton's proxy follows it to whichever member runs it. */
    public LeaderController(@ActorName("leader") ActorRef leader) {
        this.leader = leader;
    }

    /** The member that leads, and since when. */
    @GetMapping("/leader")
    public CompletableFuture<LeaderMessages.Leader> leader() {
        return leader.ask(LeaderMessages.WhoLeads.INSTANCE, LeaderMessages.Leader.class, Duration.ofSeconds(5))
                .toCompletableFuture();
    }
}
