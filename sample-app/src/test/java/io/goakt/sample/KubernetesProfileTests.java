package io.goakt.sample;

import io.goakt.cluster.ClusterConfig;
import io.goakt.discovery.DnsDiscovery;
import io.goakt.discovery.KubernetesDiscovery;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.autoconfigure.GoaktAutoConfiguration;
import io.goakt.spring.autoconfigure.GoaktClusterAutoConfiguration;
import io.goakt.spring.autoconfigure.GoaktRemotingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code kubernetes} profile, with what the Deployment of {@code k8s/} gives a pod (its IP and namespace, and the
 * discovery type), makes a valid cluster config: the one a pod starts with. The member does not join here (no API
 * server runs): a lifecycle that never joins stands in for the starter's.
 */
class KubernetesProfileTests {

    /** The environment variables k8s/deployment.yaml sets, as the pod's environment (plus {@code more}). */
    private static ApplicationContextRunner pod(Map<String, Object> more) {
        Map<String, Object> env = new HashMap<>(Map.of("SPRING_PROFILES_ACTIVE", "kubernetes",
                "GOAKT_CLUSTER_DISCOVERY_TYPE", "kubernetes",
                "GOAKT_CLUSTER_DISCOVERY_DNS_QUERY", "goakt-sample-headless",
                "POD_IP", "10.1.0.7", "POD_NAMESPACE", "shop"));
        env.putAll(more);
        ApplicationContextInitializer<ConfigurableApplicationContext> environment = ctx -> ctx.getEnvironment()
                .getPropertySources().addFirst(new SystemEnvironmentPropertySource("pod", env));
        return new ApplicationContextRunner()
                .withInitializer(environment)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                        GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class))
                .withBean(ClusterLifecycle.class, KubernetesProfileTests::neverJoins);
    }

    private static ClusterLifecycle neverJoins() {
        return new ClusterLifecycle(null, null, Duration.ofSeconds(1)) {
            @Override
            public void start() {
            }
        };
    }

    @Test
    void aPodListsTheDeploymentsPodsOfItsNamespaceAndAdvertisesItsIp() {
        pod(Map.of()).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            ClusterConfig config = ctx.getBean(ClusterConfig.class);
            assertThat(config.port()).isEqualTo(7800);
            assertThat(config.advertisedHost()).isEqualTo("10.1.0.7");
            assertThat(config.discovery()).isInstanceOfSatisfying(KubernetesDiscovery.class, d -> {
                assertThat(d.namespace()).isEqualTo("shop");
                assertThat(d.labels()).isEqualTo("app=goakt-sample");
                assertThat(d.portName()).isEqualTo("goakt-control");
                assertThat(d.apiServer()).isNull();
            });
        });
    }

    @Test
    void theDnsAlternativeAsksForTheHeadlessService() {
        pod(Map.of("GOAKT_CLUSTER_DISCOVERY_TYPE", "dns")).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(ClusterConfig.class).discovery()).isInstanceOfSatisfying(DnsDiscovery.class, d -> {
                assertThat(d.query()).isEqualTo("goakt-sample-headless");
                assertThat(d.recordType()).isEqualTo(DnsDiscovery.RecordType.A);
                assertThat(d.portRange()).isZero();
            });
        });
    }
}
