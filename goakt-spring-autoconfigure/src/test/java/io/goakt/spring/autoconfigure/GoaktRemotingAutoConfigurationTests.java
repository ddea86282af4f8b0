package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Context;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.remote.Compression;
import io.goakt.remote.ContextPropagator;
import io.goakt.remote.RemoteContextInterceptor;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.remote.TlsSettings;
import io.goakt.serialization.Serialization;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.RemotingCustomizer;
import io.goakt.spring.actuate.GoaktHealthIndicator;
import io.goakt.spring.metrics.GoaktRemotingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code goakt.remoting.*}: off by default, binding, every property, TLS from an SSL bundle, bad values, hooks. */
class GoaktRemotingAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static X509Bundle ca;
    private static X509Bundle node;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, SslAutoConfiguration.class))
            .withBean(RemoteSerializationCustomizer.class, () -> GoaktRemotingAutoConfigurationTests::testTypes);

    private final ApplicationContextRunner enabled = runner.withPropertyValues("goakt.remoting.enabled=true",
            "goakt.remoting.port=0");

    private final List<ActorSystem> peers = new ArrayList<>();

    /** A message the tests send across. */
    record Ping(String text) {
    }

    /** Replies {@code pong:<text>} to a {@link Ping}. */
    @ActorComponent(name = "ponger")
    static class PongActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Ping("pong:" + p.text()));
            }
        }
    }

    /** An EAGER actor that notes whether remoting was listening when it started. */
    @ActorComponent(name = "early")
    static class EarlyActor implements Actor {
        private final AtomicBoolean remotingAtStart;

        EarlyActor(AtomicBoolean remotingAtStart) {
            this.remotingAtStart = remotingAtStart;
        }

        @Override
        public void preStart(Context ctx) {
            remotingAtStart.set(Remoting.of(ctx.system()).isPresent());
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof PostStart)) {
                ctx.unhandled();
            }
        }
    }

    private static Serialization.Builder testTypes(Serialization.Builder types) {
        return types.register("test.Ping", Ping.class).register("test.Int", Integer.class);
    }

    @BeforeAll
    static void certificates() throws Exception {
        Instant now = Instant.now();
        ca = new CertificateBuilder().subject("CN=goakt spring test CA").setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
        node = new CertificateBuilder().subject("CN=goakt spring node").ecp256()
                .addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(ca);
    }

    @AfterEach
    void stopPeers() {
        peers.forEach(p -> p.shutdown(TIMEOUT));
    }

    /** A second system in this JVM with its own remoting on a free loopback port. */
    private Remoting peer(TlsSettings tls) {
        ActorSystem system = ActorSystem.create("peer" + peers.size());
        peers.add(system);
        RemotingConfig.Builder b = RemotingConfig.builder().host("127.0.0.1").port(0)
                .serialization(testTypes(Serialization.builder()).build());
        if (tls != null) {
            b.tls(tls);
        }
        return Remoting.start(system, b.build());
    }

    private static Object ask(ActorRef ref, Object message) throws Exception {
        return ref.ask(message, TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String[] pemBundle(boolean withTrustStore) throws Exception {
        List<String> props = new ArrayList<>(List.of(
                "spring.ssl.bundle.pem.node.keystore.certificate=file:" + node.toTempCertChainPem().getAbsolutePath(),
                "spring.ssl.bundle.pem.node.keystore.private-key=file:" + node.toTempPrivateKeyPem().getAbsolutePath(),
                "goakt.remoting.ssl.bundle=node"));
        if (withTrustStore) {
            props.add("spring.ssl.bundle.pem.node.truststore.certificate=file:"
                    + ca.toTempRootCertPem().getAbsolutePath());
        }
        return props.toArray(String[]::new);
    }

    @Test
    void disabledByDefault() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(Remoting.class).doesNotHaveBean(RemotingConfig.class);
            ActorSystem system = ctx.getBean(ActorSystem.class);
            assertThat(Remoting.of(system)).isEmpty();
            assertThat(system.config().interceptors()).noneMatch(i -> i instanceof RemoteContextInterceptor);
        });
    }

    @Test
    void enabledWithPortZeroBindsAFreeLoopbackPortAndReportsIt() {
        enabled.run(ctx -> {
            Remoting remoting = ctx.getBean(Remoting.class);
            assertThat(Remoting.of(ctx.getBean(ActorSystem.class))).containsSame(remoting);
            assertThat(remoting.boundAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(remoting.endpoint().host()).isEqualTo("127.0.0.1");
            assertThat(remoting.endpoint().port()).isPositive().isEqualTo(remoting.boundAddress().getPort());
        });
    }

    @Test
    void defaultsAreLoopbackPort7355FourMegabyteFramesNoCompressionNoTls() {
        GoaktProperties.Remoting defaults = new GoaktProperties().getRemoting();
        assertThat(defaults.isEnabled()).isFalse();
        enabled.run(ctx -> {
            RemotingConfig config = ctx.getBean(RemotingConfig.class);
            assertThat(config.host()).isEqualTo(defaults.getHost()).isEqualTo("127.0.0.1");
            assertThat(defaults.getPort()).isEqualTo(7355);
            assertThat(config.maxFrameSize()).isEqualTo(4 * 1024 * 1024);
            assertThat(config.idleTimeout()).isEqualTo(defaults.getIdleTimeout())
                    .isEqualTo(RemotingConfig.builder().build().idleTimeout());
            assertThat(config.maxInboundConnections()).isEqualTo(defaults.getMaxInboundConnections())
                    .isEqualTo(RemotingConfig.DEFAULT_MAX_INBOUND_CONNECTIONS);
            assertThat(config.compression()).containsExactly(Compression.NONE);
            assertThat(config.advertisedPort()).isZero();
            assertThat(config.tls()).isNull();
        });
    }

    @Test
    void everyPropertyReachesTheConfig() {
        enabled.withPropertyValues("goakt.remoting.host=127.0.0.1", "goakt.remoting.advertised-host=node-1.internal",
                "goakt.remoting.advertised-port=17355", "goakt.remoting.max-frame-size=64KB",
                "goakt.remoting.idle-timeout=45s", "goakt.remoting.max-inbound-connections=64",
                "goakt.remoting.compression=ZSTD, lz4,none").run(ctx -> {
                    RemotingConfig config = ctx.getBean(Remoting.class).config();
                    assertThat(config.host()).isEqualTo("127.0.0.1");
                    assertThat(config.port()).isZero();
                    assertThat(config.advertisedHost()).isEqualTo("node-1.internal");
                    assertThat(config.advertisedPort()).isEqualTo(17355);
                    assertThat(config.maxFrameSize()).isEqualTo(64 * 1024);
                    assertThat(config.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
                    assertThat(config.maxInboundConnections()).isEqualTo(64);
                    assertThat(config.compression())
                            .containsExactly(Compression.ZSTD, Compression.LZ4, Compression.NONE);
                    assertThat(ctx.getBean(Remoting.class).endpoint().toString()).isEqualTo("node-1.internal:17355");
                });
    }

    @Test
    void emptyAdvertisedValuesMeanTheBoundOnes() {
        enabled.withPropertyValues("goakt.remoting.advertised-host=", "goakt.remoting.advertised-port=",
                "goakt.remoting.ssl.bundle=").run(ctx -> {
                    Remoting remoting = ctx.getBean(Remoting.class);
                    assertThat(remoting.endpoint().host()).isEqualTo("127.0.0.1");
                    assertThat(remoting.endpoint().port()).isEqualTo(remoting.boundAddress().getPort());
                    assertThat(remoting.config().tls()).isNull();
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "goakt.remoting.port=-1                | goakt.remoting.port            | between 0 and 65535",
            "goakt.remoting.port=65536             | goakt.remoting.port            | between 0 and 65535",
            "goakt.remoting.advertised-port=0      | goakt.remoting.advertised-port | between 1 and 65535",
            "goakt.remoting.advertised-port=70000  | goakt.remoting.advertised-port | between 1 and 65535",
            "goakt.remoting.compression=gzip       | goakt.remoting.compression     | allowed: none, lz4, zstd",
            "goakt.remoting.compression=lz4,lz4    | goakt.remoting.compression     | names 'lz4' twice",
            "goakt.remoting.max-frame-size=512B    | goakt.remoting.max-frame-size  | between 1KB and 1GB",
            "goakt.remoting.max-frame-size=1025MB  | goakt.remoting.max-frame-size  | between 1KB and 1GB",
            "goakt.remoting.max-frame-size=4GB     | goakt.remoting.max-frame-size  | between 1KB and 1GB",
            "goakt.remoting.idle-timeout=1s        | goakt.remoting.idle-timeout    | longer than the 1s heartbeat",
            "goakt.remoting.idle-timeout=0s        | goakt.remoting.idle-timeout    | longer than the 1s heartbeat",
            "goakt.remoting.idle-timeout=25d       | goakt.remoting.idle-timeout    | at most 24 days",
            "goakt.remoting.max-inbound-connections=0 | goakt.remoting.max-inbound-connections | at least 1",
            "goakt.remoting.host=                  | goakt.remoting.host            | IP address or a host name",
            "goakt.remoting.ssl.bundle=missing     | goakt.remoting.ssl.bundle      | known bundles"})
    void badValueFailsStartUpNamingTheKeyAndTheAllowedValues(String property, String key, String allowed) {
        enabled.withPropertyValues(property).run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining(key).hasMessageContaining(allowed));
    }

    @Test
    void bundleWithoutKeyStoreFailsStartUp() throws Exception {
        enabled.withPropertyValues("spring.ssl.bundle.pem.trustonly.truststore.certificate=file:"
                        + ca.toTempRootCertPem().getAbsolutePath(), "goakt.remoting.ssl.bundle=trustonly")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.remoting.ssl.bundle").hasMessageContaining("no key store"));
    }

    @Test
    void sslBundleWithATrustStoreGivesMutualTlsThatAPeerWithTheRightCertificatePasses() throws Exception {
        enabled.withBean(PongActor.class).withPropertyValues(pemBundle(true)).run(ctx -> {
            Remoting app = ctx.getBean(Remoting.class);
            assertThat(app.config().tls()).isNotNull();
            assertThat(app.config().tls().serverContext().newEngine(ByteBufAllocator.DEFAULT).getNeedClientAuth())
                    .isTrue();
            Remoting peer = peer(TlsSettings.fromPem(node.toTempCertChainPem(), node.toTempPrivateKeyPem(),
                    ca.toTempRootCertPem(), true));
            ActorRef ponger = peer.actorRef(app.endpoint(), app.system().name(), "ponger");
            assertThat(ask(ponger, new Ping("tls"))).isEqualTo(new Ping("pong:tls"));
        });
    }

    @Test
    void sslBundleWithoutATrustStoreAsksForNoClientCertificate() throws Exception {
        enabled.withPropertyValues(pemBundle(false)).run(ctx -> {
            TlsSettings tls = ctx.getBean(RemotingConfig.class).tls();
            assertThat(tls).isNotNull();
            var engine = tls.serverContext().newEngine(ByteBufAllocator.DEFAULT);
            assertThat(engine.getNeedClientAuth()).isFalse();
            assertThat(engine.getWantClientAuth()).isFalse();
        });
    }

    @Test
    void customizersShapeTheConfigAfterTheProperties() {
        ContextPropagator propagator = headers -> headers.put("trace", "t-1");
        enabled.withBean(RemotingCustomizer.class, () -> b -> b.connectionsPerPeer(3).propagator(propagator))
                .run(ctx -> {
                    RemotingConfig config = ctx.getBean(Remoting.class).config();
                    assertThat(config.connectionsPerPeer()).isEqualTo(3);
                    assertThat(config.propagators()).containsExactly(propagator);
                    assertThat(config.serialization().isRegistered(Ping.class)).isTrue();
                    assertThat(ctx.getBean(ActorSystem.class).config().interceptors())
                            .anyMatch(i -> i instanceof RemoteContextInterceptor);
                });
    }

    @Test
    void customizerThatSetsAPropertyCoveredSettingFailsStartUpSayingWhere() {
        enabled.withBean(RemotingCustomizer.class, () -> b -> b.port(9999))
                .run(ctx -> assertThat(ctx).getFailure()
                        .hasStackTraceContaining("port is already set to 0")
                        .hasStackTraceContaining("goakt.remoting.* properties"));
    }

    @Test
    void userRemotingConfigBacksOffTheProperties() {
        RemotingConfig mine = RemotingConfig.builder().host("127.0.0.1").port(0).connectionsPerPeer(1).build();
        enabled.withBean(RemotingConfig.class, () -> mine)
                .run(ctx -> assertThat(ctx.getBean(Remoting.class).config()).isSameAs(mine));
    }

    @Test
    void actorComponentsAreRemoteSpawnableByNameAsFreshPrototypeBeans() throws Exception {
        enabled.withBean(TestActors.Instances.class).withBean(TestActors.EchoActor.class).run(ctx -> {
            Remoting app = ctx.getBean(Remoting.class);
            assertThat(app.config().kinds()).containsOnlyKeys("echo");
            assertThat(ctx.getBean(TestActors.Instances.class).created).hasValue(1);   // the EAGER "echo"
            Remoting peer = peer(null);

            ActorRef spawned = peer.spawn(app.endpoint(), "echo-2", "echo").toCompletableFuture()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(ask(spawned, new Ping("which instance?"))).isEqualTo(2);
            assertThat(app.system().lookup("echo-2")).isPresent();
        });
    }

    @Test
    void aRemotelySpawnedComponentGetsItsAnnotationsSpawnOptions() throws Exception {
        enabled.withBean(TestActors.ShortLivedActor.class).run(ctx -> {
            Remoting app = ctx.getBean(Remoting.class);
            assertThat(app.config().kindOptions("short-lived").passivation().maxMessages()).isEqualTo(3);
            Remoting peer = peer(null);

            ActorRef spawned = peer.spawn(app.endpoint(), "short-2", "short-lived").toCompletableFuture()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(app.system().lookup("short-2")).isPresent();
            for (int i = 0; i < 3; i++) {
                spawned.tell(new Ping("m" + i));
            }
            // passivation = "3 messages", as for a local spawn of the kind: it stops itself after the third.
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(app.system().lookup("short-2")).isEmpty());
        });
    }

    @Test
    void remotingListensBeforeEagerActorsStart() {
        AtomicBoolean remotingAtStart = new AtomicBoolean();
        enabled.withBean(AtomicBoolean.class, () -> remotingAtStart).withBean(EarlyActor.class).run(ctx -> {
            await().untilAsserted(() -> assertThat(ctx.getBean(ActorSystem.class).lookup("early")).isPresent());
            assertThat(remotingAtStart).isTrue();
        });
    }

    @Test
    void remotingStillBindsAtStartUpUnderLazyInitialization() {
        enabled.withInitializer(c -> c.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .run(ctx -> assertThat(Remoting.of(ctx.getBean(ActorSystem.class))).isPresent());
    }

    @Test
    void aPortInUseFailsStartUpNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            runner.withPropertyValues("goakt.remoting.enabled=true", "goakt.remoting.port=" + taken.getLocalPort())
                    .run(ctx -> assertThat(ctx).getFailure()
                            .hasStackTraceContaining("remoting could not bind 127.0.0.1:" + taken.getLocalPort())
                            .hasStackTraceContaining("goakt.remoting.port"));
        }
    }

    @Test
    void closingTheContextClosesRemotingWithTheSystem() throws Exception {
        int[] port = new int[1];
        enabled.run(ctx -> port[0] = ctx.getBean(Remoting.class).boundAddress().getPort());
        try (ServerSocket again = new ServerSocket(port[0], 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port[0]);
        }
    }

    @Test
    void healthShowsTheRemotingEndpoint() {
        enabled.withConfiguration(AutoConfigurations.of(GoaktHealthAutoConfiguration.class)).run(ctx -> {
            Remoting remoting = ctx.getBean(Remoting.class);
            Map<String, Object> details = ctx.getBean(GoaktHealthIndicator.class).health().getDetails();
            assertThat(details).containsKey("remoting");
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) details.get("remoting");
            assertThat(r).containsEntry("endpoint", remoting.endpoint().toString())
                    .containsEntry("bound", "127.0.0.1:" + remoting.boundAddress().getPort())
                    .containsEntry("tls", false)
                    .containsKey("openConnections");
        });
    }

    @Test
    void healthHasNoRemotingDetailWhenDisabled() {
        runner.withConfiguration(AutoConfigurations.of(GoaktHealthAutoConfiguration.class)).run(ctx ->
                assertThat(ctx.getBean(GoaktHealthIndicator.class).health().getDetails()).doesNotContainKey("remoting"));
    }

    @Test
    void metricsCountMessagesAndBytesByDirectionAndConnections() {
        enabled.withConfiguration(AutoConfigurations.of(GoaktMetricsAutoConfiguration.class))
                .withBean(PongActor.class).run(ctx -> {
                    Remoting app = ctx.getBean(Remoting.class);
                    MeterRegistry registry = new SimpleMeterRegistry();
                    ctx.getBean(GoaktRemotingMetrics.class).bindTo(registry);
                    Remoting peer = peer(null);
                    ActorRef ponger = peer.actorRef(app.endpoint(), app.system().name(), "ponger");
                    assertThat(ask(ponger, new Ping("metered"))).isEqualTo(new Ping("pong:metered"));

                    String system = app.system().name();
                    await().untilAsserted(() -> {
                        assertThat(registry.get("goakt.remote.messages").tags("system", system, "direction", "inbound")
                                .functionCounter().count()).isGreaterThanOrEqualTo(1);
                        assertThat(registry.get("goakt.remote.messages").tags("system", system, "direction",
                                "outbound").functionCounter().count()).isGreaterThanOrEqualTo(1);
                        assertThat(registry.get("goakt.remote.bytes").tags("system", system, "direction", "inbound")
                                .functionCounter().count()).isPositive();
                        assertThat(registry.get("goakt.remote.connections").tags("system", system).gauge().value())
                                .isGreaterThanOrEqualTo(1);
                    });
                    assertThat(registry.get("goakt.remote.failures").tags("system", system, "reason", "tls_failed")
                            .functionCounter().count()).isZero();
                    assertThat(registry.get("goakt.remote.messages").meters()).hasSize(2)
                            .allSatisfy(m -> assertThat(m.getId().getTag("peer")).isNull());
                });
    }

    @Test
    void noRemotingMetricsWhenRemotingIsDisabled() {
        runner.withConfiguration(AutoConfigurations.of(GoaktMetricsAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(GoaktRemotingMetrics.class));
    }
}
