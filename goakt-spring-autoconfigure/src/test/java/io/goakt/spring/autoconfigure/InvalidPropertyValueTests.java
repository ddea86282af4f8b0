package io.goakt.spring.autoconfigure;

import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.dashboard.GoaktDashboardAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code goakt.*} key of the generated configuration metadata, given an invalid value, fails start-up with a
 * message that names the key. The invalid values come from the key's type (a negative duration, a zero or too large
 * data size, a negative or too large number, a word that is not a boolean, a value outside a hint's list), and, for
 * free-form strings and lists, from {@link #MALFORMED}; a key the metadata gains without either fails this test.
 */
class InvalidPropertyValueTests {

    /** A malformed value per string or list key. */
    private static final Map<String, String> MALFORMED = Map.ofEntries(
            Map.entry("goakt.system.name", "a b"),
            Map.entry("goakt.dashboard.path", "goakt"),
            Map.entry("goakt.remoting.host", "a b"),
            Map.entry("goakt.remoting.advertised-host", "a b"),
            Map.entry("goakt.remoting.compression", "gzip"),
            Map.entry("goakt.cluster.name", "a b"),
            Map.entry("goakt.cluster.host", "a b"),
            Map.entry("goakt.cluster.advertised-host", "a b"),
            Map.entry("goakt.cluster.roles", "bad role!"),
            Map.entry("goakt.cluster.discovery.static.hosts", "10.0.0.5"),
            Map.entry("goakt.cluster.discovery.dns.query", "a b"),
            Map.entry("goakt.cluster.discovery.dns.resolver", "a:b:c"),
            Map.entry("goakt.cluster.discovery.etcd.endpoints", "etcd:2379"),
            Map.entry("goakt.cluster.discovery.etcd.prefix", "goakt"),
            Map.entry("goakt.cluster.discovery.etcd.username", "goakt"),
            Map.entry("goakt.cluster.discovery.etcd.password", "secret"),
            Map.entry("goakt.cluster.discovery.kubernetes.api-server", "not a url"),
            Map.entry("goakt.cluster.discovery.kubernetes.ca-file", "bad\u0000path"),
            Map.entry("goakt.cluster.discovery.kubernetes.token-file", "bad\u0000path"),
            Map.entry("goakt.cluster.discovery.kubernetes.labels", "app=\u0001orders"),
            Map.entry("goakt.cluster.discovery.kubernetes.namespace", "Bad_Namespace"),
            Map.entry("goakt.cluster.discovery.kubernetes.port-name", "Bad Name"),
            Map.entry("goakt.cluster.discovery.multicast.group", "10.0.0.1"),
            Map.entry("goakt.cluster.discovery.multicast.interface", "no-such-interface0"),
            Map.entry("goakt.cluster.discovery.nats.servers", "nats:4222"),
            Map.entry("goakt.cluster.discovery.nats.subject", "goakt.*"),
            Map.entry("goakt.cluster.discovery.nats.credentials", "/nonexistent/user.creds"));

    /** Values past the top of a key's range, besides the type's invalid values. */
    private static final Map<String, List<String>> TOO_LARGE = Map.ofEntries(
            Map.entry("goakt.remoting.port", List.of("65536")),
            Map.entry("goakt.remoting.advertised-port", List.of("65536")),
            Map.entry("goakt.remoting.idle-timeout", List.of("25d")),
            Map.entry("goakt.cluster.port", List.of("65536")),
            Map.entry("goakt.cluster.advertised-port", List.of("65536")),
            Map.entry("goakt.cluster.partition-count", List.of("65537")),
            Map.entry("goakt.cluster.discovery.dns.port-range", List.of("101")),
            Map.entry("goakt.cluster.discovery.kubernetes.port-range", List.of("101")),
            Map.entry("goakt.cluster.discovery.multicast.port", List.of("65536")),
            Map.entry("goakt.cluster.discovery.multicast.ttl", List.of("256")),
            Map.entry("goakt.system.dispatcher.parallelism", List.of("32768")),
            Map.entry("goakt.system.name", List.of("a".repeat(256))),
            Map.entry("goakt.system.ask-timeout", List.of("25d")),
            Map.entry("goakt.system.shutdown-timeout", List.of("25d")),
            Map.entry("goakt.cluster.join-timeout", List.of("25d")),
            Map.entry("goakt.cluster.leave-timeout", List.of("25d")),
            Map.entry("goakt.cluster.handover-timeout", List.of("25d")),
            Map.entry("goakt.cluster.stable-after", List.of("25d")),
            Map.entry("goakt.cluster.failure-detection.heartbeat-interval", List.of("25d")),
            Map.entry("goakt.cluster.failure-detection.timeout", List.of("25d")),
            Map.entry("goakt.cluster.failure-detection.verify-timeout", List.of("25d")),
            Map.entry("goakt.cluster.failure-detection.merge-interval", List.of("25d")),
            Map.entry("goakt.remoting.host", List.of("h".repeat(254))),
            Map.entry("goakt.remoting.advertised-host", List.of("h".repeat(254))),
            Map.entry("goakt.cluster.host", List.of("h".repeat(254))),
            Map.entry("goakt.cluster.name", List.of("c".repeat(101))));

    /** What a discovery kind needs besides the key under test, so that the failure is about that key. */
    private static final Map<String, List<String>> DISCOVERY_REQUIRED = Map.of(
            "dns", List.of("goakt.cluster.discovery.dns.query=members.example.com"),
            "etcd", List.of("goakt.cluster.discovery.etcd.endpoints=http://10.0.0.5:2379"),
            "nats", List.of("goakt.cluster.discovery.nats.servers=nats://10.0.0.7:4222"),
            "kubernetes", List.of(),
            "multicast", List.of(),
            "static", List.of());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                    GoaktSwitchesAutoConfiguration.class, GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class,
                    GoaktObservationAutoConfiguration.class));

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktSwitchesAutoConfiguration.class,
                    GoaktAutoConfiguration.class, GoaktDashboardAutoConfiguration.class))
            .withUserConfiguration(Mvc.class);

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    static class Mvc {
    }

    record Case(String key, String value) {
        @Override
        public String toString() {
            return key + "=" + (value.length() > 40 ? value.substring(0, 40) + "..." : value);
        }
    }

    static Stream<Case> invalidValues() throws IOException {
        JsonNode metadata;
        try (InputStream in = InvalidPropertyValueTests.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        TreeSet<String> hinted = new TreeSet<>();
        metadata.get("hints").forEach(h -> {
            if (h.get("values") != null && !h.get("values").isEmpty()) {
                hinted.add(h.get("name").asString());
            }
        });
        List<Case> cases = new ArrayList<>();
        for (JsonNode p : metadata.get("properties")) {
            String key = p.get("name").asString();
            if (!key.startsWith("goakt.")) {
                continue;
            }
            String type = p.get("type").asString();
            List<String> values = new ArrayList<>();
            switch (type) {
                case "java.lang.Boolean" -> values.add("maybe");
                case "java.lang.Integer" -> values.addAll(List.of("-1", "x"));
                case "java.time.Duration" -> values.addAll(List.of("-1s", "x"));
                case "org.springframework.util.unit.DataSize" -> values.addAll(List.of("0B", "2GB", "x"));
                default -> {
                    if (MALFORMED.containsKey(key)) {
                        values.add(MALFORMED.get(key));
                    } else if (hinted.contains(key) || key.endsWith(".ssl.bundle")) {
                        values.add("no-such-value");
                    } else {
                        fail("no invalid value for " + key + " of type " + type + ": add one to MALFORMED");
                    }
                }
            }
            values.addAll(TOO_LARGE.getOrDefault(key, List.of()));
            values.forEach(v -> cases.add(new Case(key, v)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void anInvalidValueFailsStartUpNamingTheKey(Case c) {
        if (c.key().startsWith("goakt.dashboard.")) {
            // The dashboard exists only in a Spring MVC application.
            webRunner.withPropertyValues("goakt.dashboard.enabled=true")
                    .withPropertyValues(c.key() + "=" + c.value())
                    .run(ctx -> assertFailsNamingTheKey(ctx, c));
            return;
        }
        ApplicationContextRunner r = c.key().startsWith("goakt.cluster.")
                ? runner.withBean(ClusterLifecycle.class, InvalidPropertyValueTests::neverJoins) : runner;
        r.withPropertyValues(context(c.key()))
                .withPropertyValues(c.key() + "=" + c.value())
                .run(ctx -> assertFailsNamingTheKey(ctx, c));
    }

    private static void assertFailsNamingTheKey(ApplicationContextAssertProvider<?> ctx, Case c) {
        assertThat(ctx).as(c.toString()).hasFailed();
        assertThat(messages(ctx.getStartupFailure())).as(c + " fails naming its key")
                .anyMatch(m -> m.contains(c.key()));
    }

    /** The properties that make the key under test take effect. */
    private static String[] context(String key) {
        List<String> props = new ArrayList<>();
        if (key.startsWith("goakt.remoting.")) {
            props.add("goakt.remoting.enabled=true");
        }
        if (key.startsWith("goakt.cluster.")) {
            props.add("goakt.cluster.enabled=true");
        }
        if (!key.equals("goakt.remoting.port")) {
            props.add("goakt.remoting.port=0");
        }
        String discovery = "goakt.cluster.discovery.";
        if (key.startsWith(discovery) && !key.equals(discovery + "type")) {
            String kind = key.substring(discovery.length(), key.indexOf('.', discovery.length()));
            props.add(discovery + "type=" + kind);
            for (String required : DISCOVERY_REQUIRED.get(kind)) {
                if (!required.startsWith(key + "=")) {
                    props.add(required);
                }
            }
        }
        return props.toArray(String[]::new);
    }

    private static List<String> messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }

    /** A lifecycle bean that never joins, so that a value wrongly accepted binds no cluster port. */
    private static ClusterLifecycle neverJoins() {
        return new ClusterLifecycle(null, null, Duration.ofSeconds(1)) {
            @Override
            public void start() {
            }
        };
    }
}
