package io.goakt.spring.actuate;

import io.goakt.actor.ActorSystem;
import io.goakt.remote.Remoting;
import io.goakt.spring.ActorSystemLifecycle;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health {@code goakt}: UP while the actor system runs, OUT_OF_SERVICE while the application stops it, DOWN when it
 * stopped on its own. It reports only the system itself, never an actor's failure, so it is safe for a liveness
 * probe. Details: system name, live actors, dead letters, uptime, and with remoting its advertised endpoint, bound
 * address and open connections (remoting's state is a detail, never the status: a peer's trouble is not this
 * node's).
 */
public class GoaktHealthIndicator extends AbstractHealthIndicator {

    private final ActorSystemLifecycle lifecycle;

    /** Reports on the system {@code lifecycle} drives. */
    public GoaktHealthIndicator(ActorSystemLifecycle lifecycle) {
        super("goakt health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ActorSystem system = lifecycle.system();
        ActorSystemLifecycle.State state = lifecycle.state();
        if (state == ActorSystemLifecycle.State.STOPPING || state == ActorSystemLifecycle.State.STOPPED) {
            builder.outOfService();
        } else if (!system.isRunning()) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("system", system.name())
                .withDetail("state", state.name())
                .withDetail("actors", system.actorCount())
                .withDetail("deadLetters", system.deadLetterCount())
                .withDetail("uptime", Duration.between(system.startTime(), Instant.now()).withNanos(0).toString());
        Remoting.of(system).ifPresent(r -> builder.withDetail("remoting", remoting(r)));
    }

    private static Map<String, Object> remoting(Remoting r) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("endpoint", r.endpoint().toString());
        InetSocketAddress bound = r.boundAddress();
        if (bound != null) {
            details.put("bound", bound.getAddress().getHostAddress() + ":" + bound.getPort());
        }
        details.put("openConnections", r.stats().openConnections());
        details.put("tls", r.config().tls() != null);
        return details;
    }
}
