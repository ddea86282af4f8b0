package io.goakt.actor;

import io.goakt.supervision.Backoff;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While a failed actor waits for its supervisor's decision, its whole subtree processes nothing and keeps what is
 * sent to it, in order. The subtree runs on a {@link ManualDispatcher} ({@code kids}) that the test pumps, so "it
 * processed nothing" is a fact about turns that ran, not about time; the supervisor either holds its decision on a
 * dispatcher of its own that the test does not pump, or waits in a restart backoff on a {@link ManualScheduler}.
 */
class SubtreeSuspensionTest extends AbstractManualDispatchTest {

    private static final String KIDS = "kids";

    private ManualDispatcher kids;
    private ManualScheduler time;

    private void startWithKids() {
        manual = new ManualDispatcher("manual");
        kids = new ManualDispatcher(KIDS);
        time = new ManualScheduler();
        system = ActorSystem.create("subtree-suspension", ActorSystemConfig.builder().dispatcher(manual)
                .dispatcher(kids).scheduler(time).build());
    }

    /** Records {@code name:message}; "boom" throws; spawns a child named by the first of {@code below}, and so on. */
    private static final class Node implements Actor {
        private final List<String> below;
        private final List<String> log;

        Node(List<String> below, List<String> log) {
            this.below = below;
            this.log = log;
        }

        @Override
        public void preStart(Context ctx) {
            if (!below.isEmpty()) {
                ctx.spawnChild(below.get(0), () -> new Node(below.subList(1, below.size()), log),
                        SpawnOptions.builder().dispatcher(KIDS).build());
            }
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if ("boom".equals(m)) {
                throw new IllegalStateException("boom");
            }
            if (m instanceof String s) {
                log.add(ctx.self().name() + ":" + s);
            }
        }
    }

    private static SpawnOptions onKids(SupervisorStrategy strategy) {
        return SpawnOptions.builder().dispatcher(KIDS).supervisor(strategy).build();
    }

    private ActorInfo info(String path) {
        return system.inspect(path).orElseThrow();
    }

    private void pumpKidsUntil(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            kids.pump(1_000);
            return condition.call();
        });
    }

    @Test
    void childAndGrandchildKeepTheirMessagesAndProcessNoneWhileTheParentWaitsInARestartBackoff() {
        startWithKids();
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef parent = system.spawn("p", () -> new Node(List.of("c", "gc"), log), onKids(SupervisorStrategy.oneForOne()
                .otherwise(Directive.RESTART).backoff(Backoff.fixed(Duration.ofMinutes(1))).build()));
        ActorRef child = system.lookup("/user/p/c").orElseThrow();
        ActorRef grandchild = system.lookup("/user/p/c/gc").orElseThrow();
        child.tell("warm");
        grandchild.tell("warm");
        pumpKidsUntil(() -> log.size() == 2);

        parent.tell("boom");
        pumpKidsUntil(() -> time.pending() == 1); // the guardian decided: a restart after the backoff
        pumpKidsUntil(() -> info("/user/p/c/gc").state() == ActorInfo.State.AWAITING_SUPERVISOR
                && info("/user/p/c").state() == ActorInfo.State.AWAITING_SUPERVISOR);
        for (String m : List.of("a", "b", "c")) {
            child.tell(m);
            grandchild.tell(m);
        }
        assertThat(kids.pump(10_000)).isTrue();
        assertThat(log).as("nothing processed during the backoff").containsExactlyInAnyOrder("c:warm", "gc:warm");
        assertThat(info("/user/p/c").mailboxSize()).isEqualTo(3);
        assertThat(info("/user/p/c/gc").mailboxSize()).isEqualTo(3);

        // The restart stops the children (as a restart does), so what they kept becomes dead letters, in order.
        time.advance(Duration.ofMinutes(1));
        pumpKidsUntil(() -> info("/user/p").restartCount() == 1);
        List<String> stopped = new ArrayList<>();
        while (stopped.size() < 6) {
            DeadLetter dl = dead.next(DeadLetter.class);
            if (dl.reason() == DeadLetter.Reason.ACTOR_STOPPED) {
                stopped.add(dl.receiver().path() + ":" + dl.message());
            }
        }
        assertThat(stopped.stream().filter(s -> s.startsWith("/user/p/c:")))
                .containsExactly("/user/p/c:a", "/user/p/c:b", "/user/p/c:c");
        assertThat(stopped.stream().filter(s -> s.startsWith("/user/p/c/gc:")))
                .containsExactly("/user/p/c/gc:a", "/user/p/c/gc:b", "/user/p/c/gc:c");
        assertThat(log).containsExactlyInAnyOrder("c:warm", "gc:warm");
    }

    @Test
    void childAndGrandchildProcessTheirKeptMessagesInOrderOnceTheParentIsResumed() {
        startWithKids();
        List<String> log = new CopyOnWriteArrayList<>();
        // The grandparent decides on the parent's failure on its own dispatcher, which the test pumps only to let it
        // decide: until then the parent waits.
        system.spawn("g", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("p", () -> new Node(List.of("c", "gc"), log),
                        onKids(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()));
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, onManual());
        manual.pump(1_000);
        ActorRef parent = system.lookup("/user/g/p").orElseThrow();
        ActorRef child = system.lookup("/user/g/p/c").orElseThrow();
        ActorRef grandchild = system.lookup("/user/g/p/c/gc").orElseThrow();

        parent.tell("boom");
        assertThat(kids.pump(10_000)).isTrue();
        assertThat(info("/user/g/p").state()).isEqualTo(ActorInfo.State.AWAITING_SUPERVISOR);
        assertThat(info("/user/g/p/c").state()).isEqualTo(ActorInfo.State.AWAITING_SUPERVISOR);
        assertThat(info("/user/g/p/c/gc").state()).isEqualTo(ActorInfo.State.AWAITING_SUPERVISOR);
        for (int i = 0; i < 5; i++) {
            child.tell("m" + i);
            grandchild.tell("m" + i);
            parent.tell("m" + i);
        }
        assertThat(kids.pump(10_000)).isTrue();
        assertThat(log).as("nothing processed while the decision waits").isEmpty();
        assertThat(info("/user/g/p/c").mailboxSize()).isEqualTo(5);
        assertThat(info("/user/g/p/c/gc").mailboxSize()).isEqualTo(5);

        assertThat(manual.pump(1_000)).isTrue(); // the grandparent resumes the parent
        assertThat(kids.pump(10_000)).isTrue();
        List<String> expected = List.of("m0", "m1", "m2", "m3", "m4");
        for (String name : List.of("p", "c", "gc")) {
            assertThat(log.stream().filter(e -> e.startsWith(name + ":")).map(e -> e.substring(name.length() + 1)))
                    .as(name).containsExactlyElementsOf(expected);
        }
        for (String path : List.of("/user/g/p", "/user/g/p/c", "/user/g/p/c/gc")) {
            assertThat(info(path).state()).as(path).isEqualTo(ActorInfo.State.RUNNING);
        }
    }

    /** Stops the top-level actors while pumping both manual dispatchers, before the base class shuts down. */
    @AfterEach
    void stopAllWithKids() {
        if (system == null) {
            return;
        }
        List<java.util.concurrent.CompletableFuture<Void>> all = new ArrayList<>();
        for (ActorInfo i : system.actors()) {
            if (i.ref().path().chars().filter(ch -> ch == '/').count() == 2) {
                all.add(system.stop(i.ref()).toCompletableFuture());
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            manual.pump(1_000);
            kids.pump(1_000);
            return all.stream().allMatch(java.util.concurrent.CompletableFuture::isDone);
        });
    }
}
