package io.goakt.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A member main for {@link MultiJvm}'s own tests: prints {@code tick 1}, {@code tick 2}, ... every 20 ms until it has
 * printed the number of ticks its one argument gives, then {@code done} and exits 0. It ends too when the test JVM
 * does ({@link MultiJvm#exitWhenParentExits()}).
 */
public final class TickingMain {

    private TickingMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MultiJvm.exitWhenParentExits();
        int ticks = Integer.parseInt(args[0]);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger count = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        System.out.println("started");
        System.out.flush();
        // fixed delay, not fixed rate: a thawed process goes on counting instead of printing the ticks it missed
        timer.scheduleWithFixedDelay(() -> {
            int n = count.incrementAndGet();
            if (n > ticks) {
                return;
            }
            System.out.println("tick " + n);
            System.out.flush();
            if (n == ticks) {
                finished.countDown();
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        finished.await();
        timer.shutdownNow();
        System.out.println("done");
        System.out.flush();
    }
}
