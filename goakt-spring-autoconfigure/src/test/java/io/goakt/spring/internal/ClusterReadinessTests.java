package io.goakt.spring.internal;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness rule without a context: accepting only when the application and the cluster both are ready. */
class ClusterReadinessTests {

    private final AtomicBoolean clusterReady = new AtomicBoolean();
    private final List<ReadinessState> published = new ArrayList<>();
    private ClusterReadiness readiness;

    /** Delivers every event back to the listener, as Spring's multicaster does. */
    private final ApplicationEventPublisher publisher = new ApplicationEventPublisher() {
        @Override
        @SuppressWarnings("unchecked")
        public void publishEvent(Object event) {
            AvailabilityChangeEvent<ReadinessState> e = (AvailabilityChangeEvent<ReadinessState>) event;
            published.add(e.getState());
            readiness.onApplicationEvent(e);
        }
    };

    ClusterReadinessTests() {
        readiness = new ClusterReadiness(publisher, clusterReady::get);
    }

    private void applicationSays(ReadinessState state) {
        readiness.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
    }

    @Test
    void aReadyClusterPublishesNothingBeforeTheApplicationIsReady() {
        clusterReady.set(true);
        readiness.clusterChanged();
        assertThat(published).isEmpty();
    }

    @Test
    void theApplicationsAcceptingIsWithdrawnAtOnceWhileTheClusterIsNotReady() {
        applicationSays(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void theClusterBecomingReadyAfterTheApplicationPublishesAcceptingAndLosingItRefusing() {
        applicationSays(ReadinessState.ACCEPTING_TRAFFIC);
        clusterReady.set(true);
        readiness.clusterChanged();
        clusterReady.set(false);
        readiness.clusterChanged();
        assertThat(published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC,
                ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void theApplicationRefusingWinsOverAReadyCluster() {
        clusterReady.set(true);
        applicationSays(ReadinessState.ACCEPTING_TRAFFIC);
        applicationSays(ReadinessState.REFUSING_TRAFFIC);
        readiness.clusterChanged();
        assertThat(published).isEmpty();
    }
}
