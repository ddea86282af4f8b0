package io.goakt.dispatch;

import org.junit.jupiter.api.Assumptions;

/** The virtual-thread dispatcher against {@link DispatcherConformance}; skipped on a JVM without virtual threads. */
class VirtualDispatcherConformanceTest extends DispatcherConformance {

    @Override
    protected Dispatcher newDispatcher() {
        Assumptions.assumeTrue(Dispatchers.virtualThreadsAvailable(), "virtual threads need Java 21+");
        return Dispatchers.virtual("conformance");
    }
}
