package io.goakt.benchmarks.scenario;

/** Used-heap readings for retained-size estimates. */
final class Heap {

    private Heap() {
    }

    /** Used heap in bytes after several full collections (one is not always enough to settle the old gen). */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
