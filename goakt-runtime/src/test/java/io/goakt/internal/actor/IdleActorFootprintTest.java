package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an idle actor holds: no side part ({@code Rare}: children table, termination future, lanes; {@code Extras}:
 * watches, behaviour, stash, timers, interceptors) until it uses one, a cell whose own fields fit the budget the
 * harness's bytes-per-actor figure rests on, and a ref that is the cell pointer alone. Also: the side part and the
 * children table created on first use while other threads look children up, contend on the mailbox and wait for the
 * stop, one part and one table for everyone.
 */
class IdleActorFootprintTest {

    /**
     * The bytes of the fields the runtime declares in the cell, a reference counted as 4 (compressed oops): with a
     * 12-byte header, a 96-byte cell. The
     * lifecycle and passivation flags are bits of the mailbox's status word, a custom queue hangs on the side part,
     * the factory and the options share one field, and the children table reads a name's hash from the string, so
     * none of them appears here.
     */
    private static final int CELL_FIELD_BYTES = 84;
    /** Object header with compressed class pointers (JDK 17, 64-bit, compressed oops). */
    private static final int HEADER = 12;
    /** The goal for one idle actor of the harness's spawn scenario, in bytes. */
    private static final double IDLE_ACTOR_BUDGET = 200;

    private LocalActorSystem system;

    @AfterEach
    void shutdown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    /** Counts down on every message. */
    private static final class Quiet implements Actor {
        final CountDownLatch handled;

        Quiet(CountDownLatch handled) {
            this.handled = handled;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof String) {
                handled.countDown();
            }
        }
    }

    @Test
    void anActorThatHandledAMessageHoldsNoSidePartNoChildrenTableAndNoWatchSets() throws Exception {
        system = new LocalActorSystem("footprint", ActorSystemConfig.defaults());
        CountDownLatch handled = new CountDownLatch(1);
        ActorRef ref = system.spawn("idle", () -> new Quiet(handled));
        ref.tell("hello");
        assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
        ActorCell cell = ((LocalActorRef) ref).cell;
        await().atMost(Duration.ofSeconds(30)).until(() -> !cell.isScheduled());

        assertThat(cell.rareIfPresent()).as("Rare part").isNull();
        assertThat(cell.childMap()).as("children table").isNull();
        assertThat(cell.extras()).as("Extras part (watches, behaviour, stash, timers, interceptors)").isNull();
        assertThat(cell.watcherCount()).isZero();
    }

    @Test
    void theFirstSpawnCreatesTheChildrenTableAndTheFirstWatchTheWatchSets() throws Exception {
        system = new LocalActorSystem("footprint", ActorSystemConfig.defaults());
        CountDownLatch ready = new CountDownLatch(1);
        ActorRef parent = system.spawn("parent", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if ("spawn".equals(ctx.message())) {
                    ActorRef child = ctx.spawnChild("child", () -> new Quiet(new CountDownLatch(1)));
                    ctx.watch(child);
                    ready.countDown();
                }
            }
        });
        ActorCell cell = ((LocalActorRef) parent).cell;
        await().atMost(Duration.ofSeconds(30)).until(() -> !cell.isScheduled());
        assertThat(cell.childMap()).isNull();
        assertThat(cell.extras()).isNull();

        parent.tell("spawn");
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !cell.isScheduled());
        assertThat(cell.childMap()).isNotNull();
        assertThat(cell.childMap().size()).isEqualTo(1);
        assertThat(cell.extras()).isNotNull();
        assertThat(cell.extras().watching).hasSize(1);
        ActorCell child = cell.childCell("child");
        await().atMost(Duration.ofSeconds(30)).until(() -> child.watcherCount() == 1);
        assertThat(child.childMap()).isNull();
    }

    @Test
    void theCellsOwnFieldsFitTheBudgetAndTheRefIsTheCellPointerAlone() {
        int bytes = 0;
        List<String> fields = new ArrayList<>();
        for (Class<?> c = ActorCell.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    bytes += bytesOf(f.getType());
                    fields.add(c.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertThat(bytes).as("field bytes of %s", fields).isLessThanOrEqualTo(CELL_FIELD_BYTES);

        List<String> refFields = new ArrayList<>();
        for (Class<?> c = LocalActorRef.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    refFields.add(c.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertThat(refFields).containsExactly("LocalActorRef.cell");
    }

    /**
     * The harness's spawn scenario ({@code spawn-heap-per-actor}: 250,000 children of one parent, default options,
     * each has handled one message, sharing one factory) modelled object by object from the layout: the cell and the
     * ref from their declared fields, and beside them what does not depend on the runtime's layout: the name
     * {@code "c123456"} (a 24-byte {@code String} and its 24-byte {@code byte[]}), the one-field child instance
     * (16 bytes), the parent's table slot (2^19 slots of 4 bytes for 250,000 children) and the worker queue's growth
     * when the parent scheduled every child in one turn (2^18 slots of 4 bytes). A field more in the cell or the ref
     * takes the sum past the goal.
     */
    @Test
    void theSpawnScenariosIdleActorModelledFromTheLayoutFitsTwoHundredBytes() {
        int cellFields = 0;
        for (Class<?> c = ActorCell.class; c != Object.class; c = c.getSuperclass()) {
            cellFields += fieldBytes(c);
        }
        int cell = aligned(HEADER + cellFields);
        int ref = 0;
        for (Class<?> c = LocalActorRef.class; c != Object.class; c = c.getSuperclass()) {
            ref += fieldBytes(c);
        }
        ref = aligned(HEADER + ref);
        int name = aligned(HEADER + 4 + 4 + 1 + 1) + aligned(16 + "c123456".length()); // value, hash, coder, hashIsZero
        int child = aligned(HEADER + 4);
        double tableSlot = (1 << 19) * 4.0 / 250_000;
        double workerQueue = (1 << 18) * 4.0 / 250_000;

        assertThat(cell).as("cell").isEqualTo(96);
        assertThat(ref).as("ref").isEqualTo(16);
        assertThat(cell + ref + name + child + tableSlot + workerQueue)
                .as("cell %d + ref %d + name %d + child %d + slot %.1f + worker queue %.1f",
                        cell, ref, name, child, tableSlot, workerQueue)
                .isLessThanOrEqualTo(IDLE_ACTOR_BUDGET);
    }

    /** An actor spawned with the default options keeps no holder: its one spawn field is the factory itself. */
    @Test
    void defaultOptionsCostNoHolderAndOwnOptionsAreKeptWithTheFactoryForEveryRestart() throws Exception {
        system = new LocalActorSystem("footprint", ActorSystemConfig.defaults());
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        io.goakt.actor.SpawnOptions own = io.goakt.actor.SpawnOptions.builder().stashCapacity(7).build();
        ActorRef plain = system.spawn("plain", () -> new Quiet(new CountDownLatch(1)),
                io.goakt.actor.SpawnOptions.defaults());
        ActorRef failing = system.spawn("failing", () -> {
            made.incrementAndGet();
            return ctx -> {
                if ("fail".equals(ctx.message())) {
                    throw new IllegalStateException("fails on purpose");
                }
            };
        }, own);
        ActorCell plainCell = ((LocalActorRef) plain).cell;
        ActorCell failingCell = ((LocalActorRef) failing).cell;

        assertThat(plainCell.options()).isSameAs(io.goakt.actor.SpawnOptions.defaults());
        assertThat(failingCell.options()).isSameAs(own);
        assertThat(failingCell.stashCapacity()).isEqualTo(7);
        failing.tell("fail");
        await().atMost(Duration.ofSeconds(30)).until(() -> made.get() == 2);
        assertThat(failingCell.options()).isSameAs(own);
    }

    /** The passivation the options ask for is read from status bits set at construction, not from the options. */
    @Test
    void passivationSettingsBecomeStatusBitsAtConstruction() {
        system = new LocalActorSystem("footprint", ActorSystemConfig.defaults());
        int bits = CellState.PASSIVATES | CellState.IDLE_PASSIVATES | CellState.MESSAGE_LIMIT;
        ActorCell longLived = ((LocalActorRef) system.spawn("long-lived", () -> new Quiet(new CountDownLatch(1)),
                io.goakt.actor.SpawnOptions.defaults())).cell;
        ActorCell idle = ((LocalActorRef) system.spawn("idle", () -> new Quiet(new CountDownLatch(1)),
                io.goakt.actor.SpawnOptions.builder()
                        .passivation(io.goakt.actor.Passivation.afterIdle(Duration.ofHours(1))).build())).cell;
        ActorCell counted = ((LocalActorRef) system.spawn("counted", () -> new Quiet(new CountDownLatch(1)),
                io.goakt.actor.SpawnOptions.builder()
                        .passivation(io.goakt.actor.Passivation.afterMessages(1_000)).build())).cell;

        assertThat(longLived.statusWord() & bits).isZero();
        assertThat(idle.statusWord() & bits).isEqualTo(CellState.PASSIVATES | CellState.IDLE_PASSIVATES);
        assertThat(counted.statusWord() & bits).isEqualTo(CellState.PASSIVATES | CellState.MESSAGE_LIMIT);
    }

    private static int fieldBytes(Class<?> c) {
        int bytes = 0;
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                bytes += bytesOf(f.getType());
            }
        }
        return bytes;
    }

    private static int aligned(int bytes) {
        return (bytes + 7) & ~7;
    }

    private static int bytesOf(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == boolean.class || type == byte.class) {
            return 1;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        return 4; // int, float, and a compressed reference
    }

    /**
     * The owner creates its children table (inside the Rare part) while outside threads create that part through
     * contended sends and termination futures and look children up by path: one part and one table win, every child
     * spawned is found, and no lookup fails on the half-built structures.
     */
    @RepeatedTest(5)
    void sidePartAndChildrenTableAreCreatedOnceUnderConcurrentUse() throws Exception {
        system = new LocalActorSystem("footprint", ActorSystemConfig.defaults());
        int children = 2_000;
        int outsiders = 4;
        CountDownLatch spawned = new CountDownLatch(1);
        ActorRef parent = system.spawn("parent", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if ("spawn".equals(ctx.message())) {
                    for (int i = 0; i < children; i++) {
                        ctx.spawnChild("c" + i, () -> new Quiet(new CountDownLatch(1)));
                    }
                    spawned.countDown();
                }
            }
        });
        ActorCell cell = ((LocalActorRef) parent).cell;
        CyclicBarrier start = new CyclicBarrier(outsiders + 1);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Object> rares = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < outsiders; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    int i = 0;
                    while (!stop.get()) {
                        switch (id % 3) {
                            case 0 -> parent.tell(i);
                            case 1 -> {
                                CompletableFuture<Void> f = cell.terminationFuture();
                                assertThat(f.isDone()).isFalse();
                            }
                            default -> {
                                Optional<ActorRef> found = system.lookup("parent/c" + (i % children));
                                int n = i % children;
                                found.ifPresent(r -> assertThat(r.name()).isEqualTo("c" + n));
                            }
                        }
                        CellState.Rare r = cell.rareIfPresent();
                        if (r != null && (rares.isEmpty() || rares.peek() != r)) {
                            rares.add(r);
                        }
                        i++;
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "footprint-outsider-" + t);
            th.start();
            threads.add(th);
        }
        start.await();
        parent.tell("spawn");
        assertThat(spawned.await(60, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Thread th : threads) {
            th.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(errors).isEmpty();
        CellState.Rare winner = cell.rareIfPresent();
        assertThat(winner).isNotNull();
        assertThat(rares).allMatch(r -> r == winner);
        ChildMap table = cell.childMap();
        assertThat(table.size()).isEqualTo(children);
        for (int i = 0; i < children; i++) {
            assertThat(system.lookup("parent/c" + i)).as("c%d", i).isPresent();
        }
        assertThat(cell.childMap()).isSameAs(table);
    }
}
