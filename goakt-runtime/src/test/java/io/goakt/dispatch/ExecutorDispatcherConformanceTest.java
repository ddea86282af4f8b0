package io.goakt.dispatch;

import java.util.concurrent.Executors;

/** A dispatcher over a plain executor, with every turn hook at its default, against {@link DispatcherConformance}. */
class ExecutorDispatcherConformanceTest extends DispatcherConformance {

    @Override
    protected Dispatcher newDispatcher() {
        return Dispatchers.fromExecutor("conformance", Executors.newFixedThreadPool(2), true);
    }
}
