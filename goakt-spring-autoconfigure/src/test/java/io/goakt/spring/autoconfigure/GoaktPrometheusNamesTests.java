package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ActorRelocated;
import io.goakt.cluster.Cluster;
import io.goakt.grain.GrainActivated;
import io.goakt.grain.GrainDeactivated;
import io.goakt.grain.GrainIdentity;
import io.goakt.remote.Remoting;
import io.goakt.serialization.Serialization;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus names of every goakt meter, scraped from Micrometer's {@link PrometheusMeterRegistry} with every
 * auto-configured binder of a cluster member bound and every meter made to appear: no family repeats its unit
 * ({@code goakt_messages_processed_total}, not {@code goakt_messages_processed_messages_total}), counters end in
 * {@code _total}, timers in {@code _seconds}, and bytes keep their unit.
 */
class GoaktPrometheusNamesTests {

    private static final Duration ASK = Duration.ofSeconds(30);

    /** Every goakt meter, by the name it is registered under. */
    static final Set<String> METERS = Set.of(
            "goakt.actors.active", "goakt.mailbox.size", "goakt.messages.processed", "goakt.message.processing",
            "goakt.restarts", "goakt.dead.letters",
            "goakt.grains.active", "goakt.grains.activations", "goakt.grains.deactivations",
            "goakt.remote.messages", "goakt.remote.bytes", "goakt.remote.connections", "goakt.remote.failures",
            "goakt.cluster.members", "goakt.cluster.view.changes", "goakt.cluster.singleton.handovers",
            "goakt.cluster.unreachable", "goakt.cluster.quorum", "goakt.cluster.peer.messages",
            "goakt.cluster.peer.bytes", "goakt.cluster.grain.activations", "goakt.cluster.grain.partitions",
            "goakt.cluster.relocations");

    /** Their families in the scrape, as its {@code # TYPE} lines name them. */
    static final Set<String> FAMILIES = Set.of(
            "goakt_actors_active gauge", "goakt_mailbox_size gauge", "goakt_messages_processed_total counter",
            "goakt_message_processing_seconds summary", "goakt_message_processing_seconds_max gauge",
            "goakt_restarts_total counter", "goakt_dead_letters_total counter",
            "goakt_grains_active gauge", "goakt_grains_activations_total counter",
            "goakt_grains_deactivations_total counter",
            "goakt_remote_messages_total counter", "goakt_remote_bytes_total counter",
            "goakt_remote_connections gauge", "goakt_remote_failures_total counter",
            "goakt_cluster_members gauge", "goakt_cluster_view_changes_total counter",
            "goakt_cluster_singleton_handovers_total counter", "goakt_cluster_unreachable gauge",
            "goakt_cluster_quorum gauge", "goakt_cluster_peer_messages_total counter",
            "goakt_cluster_peer_bytes_total counter", "goakt_cluster_grain_activations_total counter",
            "goakt_cluster_grain_partitions gauge", "goakt_cluster_relocations_total counter");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class,
                    GoaktMetricsAutoConfiguration.class))
            .withBean(RemoteSerializationCustomizer.class, () -> GoaktPrometheusNamesTests::types);

    private ClusterMembers members;

    /** A message sent to the other member. */
    record Ping(String text) {
    }

    private static Serialization.Builder types(Serialization.Builder types) {
        return types.register("test.Ping", Ping.class);
    }

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    @Test
    void everyGoaktFamilyHasTheNameItsMeterPromises() throws Exception {
        members = new ClusterMembers(2);
        Cluster peer = members.start(1, GoaktPrometheusNamesTests::types);
        peer.system().spawnFromFunction("echo", c -> c.respond(c.message()));
        runner.withPropertyValues(members.appProperties(0)).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ctx.getBeansOfType(MeterBinder.class).values().forEach(b -> b.bindTo(registry));
            ActorSystem system = ctx.getBean(ActorSystem.class);
            String tag = system.name();
            await().atMost(ClusterMembers.TIMEOUT).until(() ->
                    registry.get("goakt.cluster.members").tags("system", tag).gauge().value() == 2);

            ActorRef worker = system.spawnFromFunction("worker", c -> {
                if ("boom".equals(c.message())) {
                    throw new IllegalStateException("boom");
                }
                if (c.message() instanceof String) {
                    c.respond("ok");
                }
            });
            worker.ask("x", ASK).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
            worker.tell("boom");
            system.actorOf("nobody").tell("lost");
            // the grain and relocation meters follow events, which a grain's partition owner (maybe the other
            // member) and a relocation's arbiter publish; published here, they appear on this member for certain
            system.eventStream().publish(new GrainActivated(GrainIdentity.of("cart", "a")));
            system.eventStream().publish(new GrainDeactivated(GrainIdentity.of("cart", "a"),
                    GrainDeactivated.Reason.REQUESTED));
            system.eventStream().publish(new ActorRelocated("ledger-1", "ledger", "a#1", "b#2"));
            ActorRef remoteEcho = ctx.getBean(Remoting.class).actorRef(peer.self().remoting(),
                    peer.system().name(), "echo");
            remoteEcho.ask(new Ping("x"), ASK).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);

            await().atMost(ClusterMembers.TIMEOUT).untilAsserted(() -> {
                Set<String> names = new TreeSet<>();
                for (Meter m : registry.getMeters()) {
                    names.add(m.getId().getName());
                }
                assertThat(names).containsExactlyInAnyOrderElementsOf(METERS);
            });
            Set<String> families = new TreeSet<>();
            registry.scrape().lines().filter(l -> l.startsWith("# TYPE goakt_"))
                    .forEach(l -> families.add(l.substring("# TYPE ".length())));
            assertThat(families).containsExactlyInAnyOrderElementsOf(FAMILIES);
        });
    }
}
