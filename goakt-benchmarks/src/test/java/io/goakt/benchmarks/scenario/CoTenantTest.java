package io.goakt.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The co-tenant runs in a process of its own while open and is gone once closed. */
class CoTenantTest {

    @Test
    void theHogRunsItsThreadsInAnotherProcessUntilClosed() throws Exception {
        ProcessHandle hog;
        try (CoTenant busy = CoTenant.start()) {
            assertThat(busy.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
            Optional<ProcessHandle> handle = ProcessHandle.of(busy.pid());
            assertThat(handle).isPresent();
            hog = handle.get();
            assertThat(hog.isAlive()).isTrue();
            assertThat(hog.pid()).isNotEqualTo(ProcessHandle.current().pid());
        }
        hog.onExit().get(30, TimeUnit.SECONDS);
        assertThat(hog.isAlive()).isFalse();
    }
}
