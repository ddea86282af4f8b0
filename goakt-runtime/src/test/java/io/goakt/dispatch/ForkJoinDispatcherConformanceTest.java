package io.goakt.dispatch;

/** The default fork-join dispatcher (hand-off, kept turns, lingering) against {@link DispatcherConformance}. */
class ForkJoinDispatcherConformanceTest extends DispatcherConformance {

    @Override
    protected Dispatcher newDispatcher() {
        return Dispatchers.forkJoin("conformance", 2, null);
    }
}
