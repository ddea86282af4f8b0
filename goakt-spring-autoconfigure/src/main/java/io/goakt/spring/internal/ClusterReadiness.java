package io.goakt.spring.internal;

import io.goakt.spring.ClusterLifecycle;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

import java.util.function.BooleanSupplier;

/**
 * Makes Spring Boot's {@link ReadinessState} follow the cluster: the application accepts traffic only when it is
 * ready itself (Spring Boot published {@code ACCEPTING_TRAFFIC} once it started, and nothing withdrew it since) and
 * this member is up with {@code min-peers} members in its view and its side of the cluster has quorum. So it refuses
 * traffic while joining, while the view is smaller than {@code min-peers}, while its side lacks quorum, and while
 * leaving.
 *
 * <p>Spring Boot publishes {@code ACCEPTING_TRAFFIC} when the application is ready, whatever the cluster says. This
 * listener sees that event after Spring Boot's {@code ApplicationAvailabilityBean} has recorded it (it is created
 * after that bean, which it depends on, and both listen at the lowest precedence, so it is called after it) and,
 * when the cluster is not ready, publishes {@code REFUSING_TRAFFIC} at once, which the availability bean records
 * as the latest state.
 *
 * <p>Threading: {@link #clusterChanged()} runs on Spring's thread, an operator's, or the control plane's;
 * {@link #onApplicationEvent} on the publisher's. Both are {@code synchronized}, so the decision and its publication
 * are one step and two changes cannot publish out of order. The lock is re-entered when a publication comes back to
 * this listener.
 */
public final class ClusterReadiness implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private final ApplicationEventPublisher publisher;
    private final BooleanSupplier clusterReady;
    /** Guarded by this: whether the application itself last declared it accepts traffic. */
    private boolean applicationReady;
    /** Guarded by this: the latest readiness anyone published, as far as this listener saw. */
    private ReadinessState current = ReadinessState.REFUSING_TRAFFIC;

    /**
     * @param publisher    publishes the readiness changes
     * @param clusterReady whether the cluster lets this member take traffic ({@link ClusterLifecycle#isReady()})
     */
    public ClusterReadiness(ApplicationEventPublisher publisher, BooleanSupplier clusterReady) {
        this.publisher = publisher;
        this.clusterReady = clusterReady;
    }

    @Override
    public synchronized void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        current = event.getState();
        if (event.getSource() == this) {
            return;
        }
        applicationReady = event.getState() == ReadinessState.ACCEPTING_TRAFFIC;
        update();
    }

    /** Re-decides after the cluster's state or view changed. */
    public synchronized void clusterChanged() {
        update();
    }

    private void update() {
        ReadinessState wanted = applicationReady && clusterReady.getAsBoolean()
                ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC;
        if (wanted == current) {
            return;
        }
        try {
            AvailabilityChangeEvent.publish(publisher, this, wanted);
        } catch (IllegalStateException e) {
            // The context is closed or closing: no one reads its readiness any more.
            current = wanted;
        }
    }

    @Override
    public boolean supportsAsyncExecution() {
        return false;
    }
}
