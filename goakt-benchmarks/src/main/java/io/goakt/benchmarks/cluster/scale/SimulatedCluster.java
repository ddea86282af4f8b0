package io.goakt.benchmarks.cluster.scale;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.Member;
import org.jgroups.Address;
import org.jgroups.View;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many {@link SimulatedMember}s of one cluster in this JVM, joined and removed in steps, each step timed until
 * every member holds the same view.
 *
 * <h2>Threads</h2>
 * Every member's transport hands its work to one pool shared by all members ({@link #sharedPool}: threads made on
 * demand up to a bound, the caller runs the task beyond it), instead of JGroups' pool of up to 200 threads per
 * member. Each member still has its own timer thread and its bundler's sender thread, so a simulation of {@code N}
 * members runs about {@code 2N} threads plus the shared pool's. The pool is handed to JGroups as a plain
 * {@link Executor}, so a member that leaves (JGroups shuts its pool down) does not stop the others'.
 *
 * <h2>Convergence</h2>
 * A step is over when every member's latest view is the same view and holds exactly the expected members. Its time
 * runs from the step's start to the latest installation of that view at any member (each member records when it
 * installed a view), so the waiting thread's own wake-up does not count.
 *
 * <p>Threading: one thread drives the cluster (joins, leaves, close); JGroups' threads call the members.
 */
final class SimulatedCluster implements AutoCloseable {

    private final ClusterConfig config;
    /** SHARED_LOOPBACK routes by cluster name across the whole JVM, so each simulation gets a name of its own. */
    private final String name = "goakt-scale-" + java.util.UUID.randomUUID();
    private final Object monitor = new Object();
    private final ThreadPoolExecutor pool;
    private final Executor sharedPool;
    private final SplittableRandom random;
    private final long stepTimeoutNanos;
    /** Members in view order of joining; touched only by the driving thread. */
    private final List<SimulatedMember> members = new ArrayList<>();
    private int nextIndex;

    /**
     * @param config      the settings the runtime would derive the stack from (failure detection, join timeout)
     * @param poolThreads the bound of the shared pool
     * @param stepTimeout how long one join or leave may take to converge before the run fails
     */
    SimulatedCluster(ClusterConfig config, int poolThreads, long seed, java.time.Duration stepTimeout) {
        this.config = config;
        this.random = new SplittableRandom(seed);
        this.stepTimeoutNanos = stepTimeout.toNanos();
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, poolThreads, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-pool-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.sharedPool = pool::execute;
    }

    /** A timed step: how long until every member held the step's view, and until the joiners' connects returned. */
    record Step(double millisToAllMembers, double millisToConnected, int size) {
    }

    ClusterConfig config() {
        return config;
    }

    Object monitor() {
        return monitor;
    }

    Executor sharedPool() {
        return sharedPool;
    }

    int size() {
        return members.size();
    }

    /** The members' {@link Member}s, oldest first. */
    List<Member> members() {
        return members.stream().map(SimulatedMember::member).toList();
    }

    /** The view every member holds (after a step). */
    View view() {
        return members.get(0).view();
    }

    /** Starts {@code count} members at once and waits until all members hold the view with them. */
    Step join(int count) throws Exception {
        List<SimulatedMember> joiners = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            joiners.add(new SimulatedMember(nextIndex++, random.nextInt(1 << 24), this));
        }
        long start = System.nanoTime();
        if (count == 1) {
            joiners.get(0).connect(name);
        } else {
            ExecutorService starters = Executors.newFixedThreadPool(count);
            try {
                List<Future<?>> connects = new ArrayList<>();
                for (SimulatedMember m : joiners) {
                    connects.add(starters.submit(() -> {
                        m.connect(name);
                        return null;
                    }));
                }
                for (Future<?> f : connects) {
                    f.get(stepTimeoutNanos, TimeUnit.NANOSECONDS);
                }
            } finally {
                starters.shutdownNow();
            }
        }
        long connected = System.nanoTime();
        members.addAll(joiners);
        long installed = awaitOneView();
        return new Step(millis(installed - start), millis(connected - start), members.size());
    }

    /** A random member other than the oldest (the coordinator) leaves; waits until the others hold the new view. */
    Step leaveOne() throws Exception {
        return leave(List.of(members.get(1 + random.nextInt(members.size() - 1))));
    }

    /** The {@code count} youngest members leave at once; waits until the others hold the new view. */
    Step leaveYoungest(int count) throws Exception {
        return leave(List.copyOf(members.subList(members.size() - count, members.size())));
    }

    private Step leave(List<SimulatedMember> leavers) throws Exception {
        members.removeAll(leavers);
        long start = System.nanoTime();
        if (leavers.size() == 1) {
            leavers.get(0).leave();
        } else {
            ExecutorService stoppers = Executors.newFixedThreadPool(leavers.size());
            try {
                List<Future<?>> leaves = new ArrayList<>();
                for (SimulatedMember m : leavers) {
                    leaves.add(stoppers.submit(m::leave));
                }
                for (Future<?> f : leaves) {
                    f.get(stepTimeoutNanos, TimeUnit.NANOSECONDS);
                }
            } finally {
                stoppers.shutdownNow();
            }
        }
        long left = System.nanoTime();
        long installed = awaitOneView();
        return new Step(millis(installed - start), millis(left - start), members.size());
    }

    /**
     * Waits until every member holds one view of exactly {@link #members}; returns the {@link System#nanoTime} of its
     * latest installation.
     */
    private long awaitOneView() throws InterruptedException, TimeoutException {
        Set<Address> expected = new HashSet<>();
        for (SimulatedMember m : members) {
            expected.add(m.address());
        }
        long deadline = System.nanoTime() + stepTimeoutNanos;
        synchronized (monitor) {
            while (true) {
                long latest = latestInstallOf(expected);
                if (latest != 0) {
                    return latest;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("cluster " + name + ": " + members.size() + " members did not "
                            + "converge on one view within " + TimeUnit.NANOSECONDS.toMillis(stepTimeoutNanos) + " ms; first member's view: "
                            + members.get(0).view());
                }
                monitor.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 10)));
            }
        }
    }

    /** The latest installation time of the view all members hold, when it holds exactly {@code expected}; else 0. */
    private long latestInstallOf(Set<Address> expected) {
        View ref = members.get(0).view();
        if (ref == null || ref.size() != expected.size() || !expected.containsAll(ref.getMembers())) {
            return 0;
        }
        long latest = 0;
        for (SimulatedMember m : members) {
            View v = m.view();
            if (v == null || !v.getViewId().equals(ref.getViewId())) {
                return 0;
            }
            latest = Math.max(latest, m.installedAt());
        }
        return latest;
    }

    /** Threads of the shared pool now. */
    int poolThreads() {
        return pool.getPoolSize();
    }

    /** Every member leaves at once; the shared pool stops. */
    @Override
    public void close() throws Exception {
        List<SimulatedMember> all = List.copyOf(members);
        members.clear();
        ExecutorService stoppers = Executors.newFixedThreadPool(Math.max(1, Math.min(16, all.size())));
        try {
            List<Future<?>> leaves = new ArrayList<>();
            for (SimulatedMember m : all) {
                leaves.add(stoppers.submit(m::leave));
            }
            for (Future<?> f : leaves) {
                f.get(stepTimeoutNanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            stoppers.shutdownNow();
            pool.shutdownNow();
        }
    }

    /** The cluster name, which SHARED_LOOPBACK's table is keyed by. */
    String name() {
        return name;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
