package io.goakt.spring.autoconfigure;

import io.goakt.cluster.Cluster;
import io.goakt.spring.ClusterLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness in a real {@code SpringApplication}: Spring Boot publishes ACCEPTING_TRAFFIC once the application is
 * ready, whatever the cluster says; the cluster's readiness listener runs after Spring Boot's availability bean
 * recorded it, so the recorded state is the cluster's word.
 */
class ClusterReadinessApplicationTests {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({GoaktAutoConfiguration.class, GoaktRemotingAutoConfiguration.class,
            GoaktClusterAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class})
    static class App {
    }

    private static ConfigurableApplicationContext run(String... properties) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties(Arrays.stream(properties).toArray(String[]::new)).run();
    }

    @Test
    void aStartedApplicationRefusesTrafficUntilMinPeersAreInTheView() throws Exception {
        try (ClusterMembers m = new ClusterMembers(2);
             ConfigurableApplicationContext app = run(m.appProperties(0, "goakt.cluster.min-peers=2"))) {
            ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);
            assertThat(app.getBean(ClusterLifecycle.class).state()).isEqualTo(ClusterLifecycle.State.UP);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

            Cluster peer = m.start(1, t -> t);
            await().atMost(ClusterMembers.TIMEOUT).until(() ->
                    availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(peer.view().size()).isEqualTo(2);
        }
    }

    @Test
    void aStartedApplicationWhoseClusterIsCompleteAcceptsTraffic() throws Exception {
        try (ClusterMembers m = new ClusterMembers(1);
             ConfigurableApplicationContext app = run(m.appProperties(0))) {
            assertThat(app.getBean(ApplicationAvailability.class).getReadinessState())
                    .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
