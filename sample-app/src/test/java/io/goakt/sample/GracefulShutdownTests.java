package io.goakt.sample;

import io.goakt.sample.audit.AuditStore;
import io.goakt.sample.audit.InMemoryAuditStore;
import io.goakt.spring.ActorSystemLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the running application while the audit actor has a full mailbox: every note the API accepted (202) is
 * stored before the system stops. The test starts and closes the application itself, as a shutdown hook would.
 */
class GracefulShutdownTests {

    private static final int NOTES = 200;

    private ConfigurableApplicationContext context;

    /** Holds the audit actor on its first entry until the test opens the gate. */
    static class GatedAuditStore implements AuditStore {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch firstAppend = new CountDownLatch(1);
        private final InMemoryAuditStore delegate = new InMemoryAuditStore();

        @Override
        public void append(String entry) {
            firstAppend.countDown();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delegate.append(entry);
        }

        @Override
        public long count() {
            return delegate.count();
        }

        @Override
        public List<String> latest(int n) {
            return delegate.latest(n);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Gate {
        @Bean
        @Primary
        GatedAuditStore gatedAuditStore() {
            return new GatedAuditStore();
        }
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void messagesAcceptedBeforeShutdownAreAllHandled() throws Exception {
        context = new SpringApplicationBuilder(SampleApplication.class, Gate.class)
                .properties("server.port=0").run();
        GatedAuditStore store = context.getBean(GatedAuditStore.class);
        ActorSystemLifecycle lifecycle = context.getBean(ActorSystemLifecycle.class);
        Http http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        for (int i = 0; i < NOTES; i++) {
            assertThat(http.post("/audit/notes", "{\"text\":\"n" + i + "\"}").statusCode()).isEqualTo(202);
        }
        assertThat(store.firstAppend.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
        await().until(() -> lifecycle.state() == ActorSystemLifecycle.State.STOPPING);
        assertThat(store.count()).isZero();
        store.gate.countDown();
        closing.get(60, TimeUnit.SECONDS);

        assertThat(store.count()).isEqualTo(NOTES);
        assertThat(store.latest(1)).containsExactly("note: n" + (NOTES - 1));
        assertThat(lifecycle.state()).isEqualTo(ActorSystemLifecycle.State.STOPPED);
    }
}
