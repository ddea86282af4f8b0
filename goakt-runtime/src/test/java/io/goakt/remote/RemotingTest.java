package io.goakt.remote;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.Context;
import io.goakt.actor.Actors;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.Terminated;
import io.goakt.dispatch.Dispatchers;
import io.goakt.internal.remote.RemoteActorRef;
import io.goakt.remote.Messages.Greet;
import io.goakt.remote.Messages.Numbered;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import io.goakt.remote.Messages.Unregistered;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RemotingTest {

    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(10));
        }
    }

    private Remoting node(String name, RemotingConfig.Builder config) {
        ActorSystem system = ActorSystem.create(name, ActorSystemConfig.builder()
                .interceptor(new RemoteContextInterceptor()).build());
        systems.add(system);
        return Remoting.start(system, config.build());
    }

    /** A node whose system has no message context hook, so its tells carry no headers. */
    private Remoting plainNode(String name) {
        ActorSystem system = ActorSystem.create(name);
        systems.add(system);
        return Remoting.start(system, RemotingConfig.builder().serialization(Messages.serialization()).build());
    }

    private Remoting node(String name) {
        return node(name, RemotingConfig.builder().serialization(Messages.serialization())
                .unreachableAfter(Duration.ofMillis(500)));
    }

    /** Replies Pong to Ping and records what it saw. */
    static final class Echo implements Actor {
        final List<Object> seen = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> contextHeaders = new CopyOnWriteArrayList<>();

        @Override
        public void receive(ReceiveContext ctx) {
            seen.add(ctx.message());
            if (ctx.message() instanceof Ping p) {
                headers.add(RemoteHeaders.of(ctx));
                contextHeaders.add(ctx.headers());
                if (p.text().equals("silent")) {
                    return;
                }
                ctx.respond(new Pong(p.text() + " from " + ctx.self().path()));
            }
        }
    }

    @Test
    void tellAndAskCrossTheWireBothWays() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        Echo echo = new Echo();
        b.system().spawnInstance("echo", echo);

        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        assertThat(remote).isInstanceOf(RemoteActorRef.class);
        remote.tell(new Ping("hello"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> echo.seen.contains(new Ping("hello")));

        Object reply = remote.ask(new Ping("q"), Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(new Pong("q from /user/echo"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> a.pendingReplies() == 0);
        assertThat(a.stats().messagesSent()).isGreaterThanOrEqualTo(2);
        assertThat(b.stats().messagesReceived()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anActorsAskThroughItsContextGetsTheRemoteReply() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        b.system().spawn("echo", Echo::new);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        List<Object> got = new CopyOnWriteArrayList<>();
        a.system().spawnFromFunction("asker", ctx -> {
            if (ctx.message() instanceof String s) {
                ctx.pipeToSelf(ctx.ask(remote, new Ping(s), Duration.ofSeconds(10)));
            } else {
                got.add(ctx.message());
            }
        }).tell("via-context");
        await().atMost(10, TimeUnit.SECONDS).until(() -> got.contains(new Pong("via-context from /user/echo")));
        // The local ask through a temporary ref used a reply slot; answered, it is gone.
        await().atMost(5, TimeUnit.SECONDS).until(() -> a.pendingReplies() == 0);
    }

    @Test
    void anAskWithoutReplyTimesOutAndLeavesNothingPending() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        b.system().spawn("echo", Echo::new);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        CompletableFuture<Object> f = remote.ask(new Ping("silent"), Duration.ofMillis(200)).toCompletableFuture();
        await().atMost(10, TimeUnit.SECONDS).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
        assertThat(a.pendingReplies()).isZero();
    }

    @Test
    void anAskOfARemoteRefWithoutATimeoutWaitsTheLocalSystemsAskTimeout() {
        Duration configured = Duration.ofMillis(200);
        ActorSystem alpha = ActorSystem.create("alpha", ActorSystemConfig.builder().askTimeout(configured).build());
        systems.add(alpha);
        Remoting a = Remoting.start(alpha, RemotingConfig.builder().serialization(Messages.serialization()).build());
        Remoting b = node("beta");
        b.system().spawn("echo", Echo::new);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> remote.ask(new Ping("silent")).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertThat(failure).hasCauseInstanceOf(io.goakt.actor.AskTimeoutException.class);
        assertThat(((io.goakt.actor.AskTimeoutException) failure.getCause()).timeout()).isEqualTo(configured);
    }

    @Test
    void forwardAcrossThreeNodesKeepsTheOriginalSender() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        Remoting c = node("gamma");
        Echo echo = new Echo();
        c.system().spawnInstance("echo", echo);
        ActorRef onC = b.actorRef(c.endpoint(), "gamma", "echo");
        b.system().spawnFromFunction("relay", ctx -> {
            if (ctx.message() instanceof Ping) {
                onC.forward(ctx.message(), ctx);
            }
        });

        ActorRef relay = a.actorRef(b.endpoint(), "beta", "relay");
        Object reply = relay.ask(new Ping("fwd"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(new Pong("fwd from /user/echo"));
        assertThat(a.pendingReplies()).isZero();
        assertThat(b.pendingReplies()).isZero();
    }

    @Test
    void lookupSpawnAndStopOnAPeer() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta", RemotingConfig.builder().serialization(Messages.serialization())
                .kind("echo", Echo::new));

        assertThat(a.lookup(b.endpoint(), "nobody").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();
        ActorRef spawned = a.spawn(b.endpoint(), "worker", "echo").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(spawned.path()).isEqualTo("/user/worker");
        assertThat(b.system().lookup("worker")).isPresent();

        Optional<ActorRef> found = a.lookup(b.endpoint(), "worker").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(found).contains(spawned);
        assertThat(found.get().ask(new Ping("x"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("x from /user/worker"));

        assertThatThrownBy(() -> a.spawn(b.endpoint(), "w2", "no-such-kind").toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RemoteFailureException.class);

        assertThat(a.stop(spawned).toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.system().lookup("worker")).isEmpty();
        assertThat(a.stop(spawned).toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
    }

    /** Answers a Ping with its injected greeting: which spawn options it got. */
    record Greeting(String text) {
    }

    @Test
    void aRemoteSpawnUsesTheOptionsItsKindWasRegisteredWith() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta", RemotingConfig.builder().serialization(Messages.serialization())
                .kind("greeter", () -> Actors.fromFunction(ctx -> {
                    if (ctx.message() instanceof Ping) {
                        ctx.respond(new Pong(ctx.dependency(Greeting.class).text()));
                    }
                }), SpawnOptions.builder().dependency(new Greeting("options applied")).build()));
        assertThat(b.config().kindOptions("greeter").dependencies()).hasSize(1);
        assertThat(b.config().kindOptions("unknown")).isSameAs(SpawnOptions.defaults());

        ActorRef spawned = a.spawn(b.endpoint(), "greeter-1", "greeter").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(spawned.ask(new Ping("x"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("options applied"));
    }

    /** Records the thread that ran its {@code preStart}. */
    static final class StartThreadRecorder implements Actor {
        private final List<String> threads;

        StartThreadRecorder(List<String> threads) {
            this.threads = threads;
        }

        @Override
        public void preStart(Context ctx) {
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void receive(ReceiveContext ctx) {
        }
    }

    @Test
    void aRemoteSpawnRunsPreStartOnAThreadOfTheSystemsDispatcher() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        Remoting a = node("alpha");
        Remoting b = node("beta", RemotingConfig.builder().serialization(Messages.serialization())
                .kind("recorder", () -> new StartThreadRecorder(threads)));

        a.spawn(b.endpoint(), "recorded", "recorder").toCompletableFuture().get(10, TimeUnit.SECONDS);

        // The default dispatcher's workers are named goakt-<system>-dispatcher-N; not the common pool, not an
        // event loop (goakt-remote-<system>-...), not the requesting node's threads.
        assertThat(threads).singleElement().asString().startsWith("goakt-beta-dispatcher-");
    }

    @Test
    void aRemoteSpawnRunsPreStartOnTheDispatcherItsKindSelects() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        Remoting a = node("alpha");
        ActorSystem beta = ActorSystem.create("beta", ActorSystemConfig.builder()
                .dispatcher(Dispatchers.fromExecutor("blocking", Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "beta-blocking-io");
                    t.setDaemon(true);
                    return t;
                }), true)).build());
        systems.add(beta);
        Remoting b = Remoting.start(beta, RemotingConfig.builder().serialization(Messages.serialization())
                .kind("recorder", () -> new StartThreadRecorder(threads),
                        SpawnOptions.builder().dispatcher("blocking").build()).build());

        ActorRef spawned = a.spawn(b.endpoint(), "recorded", "recorder").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(spawned.path()).isEqualTo("/user/recorded");
        assertThat(threads).containsExactly("beta-blocking-io");
    }

    @Test
    void watchingARemoteActorDeliversTerminatedWhenItStops() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        ActorRef target = b.system().spawn("echo", Echo::new);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        List<Object> got = new CopyOnWriteArrayList<>();
        a.system().spawnFromFunction("watcher", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.watch(remote);
                ctx.respond("watching");
            } else {
                got.add(ctx.message());
            }
        }).ask("go", Duration.ofSeconds(5)).toCompletableFuture().join();
        // The watch reached beta once beta's actor has a watcher proxy; stop it and expect Terminated.
        await().atMost(10, TimeUnit.SECONDS).until(() -> b.stats().messagesReceived() >= 1);
        b.system().stop(target).toCompletableFuture().join();
        await().atMost(10, TimeUnit.SECONDS).until(() -> got.contains(new Terminated(remote)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> a.watchedRemoteActors() == 0);
    }

    private record Gone(String what) {
    }

    @Test
    void watchWithARemoteActorDeliversTheGivenMessageOnceWhenItStops() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        ActorRef target = b.system().spawn("echo", Echo::new);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        List<Object> got = new CopyOnWriteArrayList<>();
        ActorRef watcher = a.system().spawnFromFunction("watcher", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.watchWith(remote, new Gone("echo"));
                ctx.respond("watching");
            } else if ("mark".equals(ctx.message())) {
                ctx.respond(List.copyOf(got));
            } else if (ctx.message() instanceof Gone || ctx.message() instanceof Terminated) {
                got.add(ctx.message());
            }
        });
        watcher.ask("go", Duration.ofSeconds(10)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> b.stats().messagesReceived() >= 1);
        b.system().stop(target).toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> got.contains(new Gone("echo")));
        assertThat(watcher.ask("mark", Duration.ofSeconds(10)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo(List.of(new Gone("echo")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.watchedRemoteActors() == 0);
    }

    @Test
    void anActorWithAGeneratedNameIsReachableAndWatchableFromAPeer() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        ActorRef unnamed = b.system().spawn(Echo::new, SpawnOptions.defaults());
        assertThat(unnamed.name()).startsWith("$");
        ActorRef remote = a.actorRef(b.endpoint(), "beta", unnamed.name());
        assertThat(remote.ask(new Ping("x"), Duration.ofSeconds(10)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo(new Pong("x from /user/" + unnamed.name()));
        List<Object> got = new CopyOnWriteArrayList<>();
        a.system().spawnFromFunction("watcher", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.watch(remote);
                ctx.respond("watching");
            } else {
                got.add(ctx.message());
            }
        }).ask("go", Duration.ofSeconds(10)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> b.stats().messagesReceived() >= 2);
        b.system().stop(unnamed).toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> got.contains(new Terminated(remote)));
    }

    @Test
    void watchingAnActorThatDoesNotExistTerminatesAtOnce() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "ghost");
        List<Object> got = new CopyOnWriteArrayList<>();
        a.system().spawnFromFunction("watcher", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.watch(remote);
            } else {
                got.add(ctx.message());
            }
        }).tell("go");
        await().atMost(10, TimeUnit.SECONDS).until(() -> got.contains(new Terminated(remote)));
    }

    @Test
    void anUnregisteredTypeIsRefusedAtTheSender() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        assertThatThrownBy(() -> remote.tell(new Unregistered("x"))).isInstanceOf(SerializationException.class)
                .hasMessageContaining(Unregistered.class.getName());
        assertThatThrownBy(() -> remote.ask(new Unregistered("x"), Duration.ofSeconds(1)))
                .isInstanceOf(SerializationException.class);
        assertThat(a.pendingReplies()).isZero();
    }

    @Test
    void aTypeUnknownToTheReceiverBecomesADeadLetterThere() {
        Remoting a = node("alpha", RemotingConfig.builder().serialization(Serialization.builder()
                .register("test.Ping", Ping.class).register("test.Unregistered", Unregistered.class).build()));
        Remoting b = node("beta");
        Echo echo = new Echo();
        b.system().spawnInstance("echo", echo);
        List<DeadLetter> dead = new CopyOnWriteArrayList<>();
        b.system().eventStream().subscribe(DeadLetter.class, dead::add);

        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        remote.tell(new Unregistered("secret"));
        remote.tell(new Ping("after"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> echo.seen.contains(new Ping("after")));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !dead.isEmpty());
        assertThat(dead.get(0).message()).isInstanceOfSatisfying(UndeliverableMessage.class,
                u -> assertThat(u.typeId()).isEqualTo("test.Unregistered"));
        assertThat(echo.seen).doesNotHaveAnyElementsOfTypes(Unregistered.class);
        assertThat(b.stats().failures(FailureKind.UNKNOWN_TYPE)).isEqualTo(1);
        assertThat(b.system().deadLetterCount()).as("remote dead letters are counted too").isPositive();
    }

    @Test
    void headersFromPropagatorsReachTheReceiver() {
        List<String> extracted = new CopyOnWriteArrayList<>();
        ContextPropagator trace = new ContextPropagator() {
            @Override
            public void inject(Map<String, String> headers) {
                headers.put("traceparent", "00-abc-01");
            }

            @Override
            public Scope extract(Map<String, String> headers) {
                extracted.add(headers.get("traceparent"));
                return Scope.NOOP;
            }
        };
        Remoting a = node("alpha", RemotingConfig.builder().serialization(Messages.serialization())
                .propagator(trace));
        Remoting b = node("beta", RemotingConfig.builder().serialization(Messages.serialization())
                .propagator(trace));
        Echo echo = new Echo();
        b.system().spawnInstance("echo", echo);
        ActorRef sender = a.system().spawnFromFunction("sender", ctx -> { });
        a.actorRef(b.endpoint(), "beta", "echo").tell(new Ping("traced"), sender);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !echo.headers.isEmpty());
        assertThat(echo.headers.get(0)).containsEntry("traceparent", "00-abc-01");
        assertThat(echo.contextHeaders.get(0)).containsEntry("traceparent", "00-abc-01");
        assertThat(extracted).contains("00-abc-01");

        // Without a sender the headers still arrive, through ReceiveContext.headers().
        a.actorRef(b.endpoint(), "beta", "echo").tell(new Ping("anonymous"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> echo.contextHeaders.size() == 2);
        assertThat(echo.contextHeaders.get(1)).containsEntry("traceparent", "00-abc-01");
        assertThat(echo.headers.get(1)).containsEntry("traceparent", "00-abc-01");
    }

    @Test
    void headersRideWithTheRemoteSenderWhenALocalActorForwardsTheMessage() {
        ContextPropagator trace = new ContextPropagator() {
            @Override
            public void inject(Map<String, String> headers) {
                headers.put("traceparent", "00-fwd-01");
            }

            @Override
            public Scope extract(Map<String, String> headers) {
                return Scope.NOOP;
            }
        };
        Remoting a = node("alpha", RemotingConfig.builder().serialization(Messages.serialization())
                .propagator(trace));
        Remoting b = node("beta", RemotingConfig.builder().serialization(Messages.serialization())
                .propagator(trace));
        List<Map<String, String>> forwardedContext = new CopyOnWriteArrayList<>();
        List<Map<String, String>> forwardedRemote = new CopyOnWriteArrayList<>();
        ActorRef last = b.system().spawnFromFunction("last", ctx -> {
            if (ctx.message() instanceof Ping) {
                forwardedContext.add(ctx.headers());
                forwardedRemote.add(RemoteHeaders.of(ctx));
            }
        });
        b.system().spawnFromFunction("relay", ctx -> {
            if (ctx.message() instanceof Ping p) {
                last.forward(p, ctx);
            }
        });
        ActorRef sender = a.system().spawnFromFunction("sender", ctx -> { });

        a.actorRef(b.endpoint(), "beta", "relay").tell(new Ping("forwarded"), sender);

        await().atMost(10, TimeUnit.SECONDS).until(() -> !forwardedRemote.isEmpty());
        // The forwarded message itself carries no headers; its sender, the remote ref, does.
        assertThat(forwardedContext.get(0)).isEmpty();
        assertThat(forwardedRemote.get(0)).containsEntry("traceparent", "00-fwd-01");
        assertThat(b.headersOf(last)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void remotingRefusesASystemNotMadeByActorSystemCreate() {
        ActorSystem foreign = (ActorSystem) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ActorSystem.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "foreign";
                    case "extension" -> args.length == 2
                            ? ((java.util.function.Function<ActorSystem, ?>) args[1]).apply((ActorSystem) proxy)
                            : Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        assertThatThrownBy(() -> Remoting.start(foreign, RemotingConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ActorSystem.create")
                .hasMessageContaining(foreign.getClass().getName());
    }

    @Test
    void aRefToOurOwnEndpointResolvesToTheLocalActor() {
        Remoting a = node("alpha");
        ActorRef local = a.system().spawn("echo", Echo::new);
        assertThat(a.actorRef(a.endpoint(), "alpha", "echo")).isSameAs(local);
    }

    @Test
    void compressionIsNegotiatedPerConnection() throws Exception {
        for (Compression c : List.of(Compression.LZ4, Compression.ZSTD)) {
            Remoting a = node("alpha-" + c.wireName(), RemotingConfig.builder()
                    .serialization(Messages.serialization()).compression(c, Compression.NONE));
            Remoting b = node("beta-" + c.wireName(), RemotingConfig.builder()
                    .serialization(Messages.serialization()).compression(c));
            b.system().spawn("echo", Echo::new);
            String big = "z".repeat(100_000);
            Object reply = a.actorRef(b.endpoint(), b.system().name(), "echo").ask(new Ping(big),
                    Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(reply).isEqualTo(new Pong(big + " from /user/echo"));
        }
    }

    @Test
    void aMessageLargerThanTheMaxFrameIsRefusedAtTheSender() {
        Remoting a = node("alpha", RemotingConfig.builder().serialization(Messages.serialization())
                .maxFrameSize(4096));
        Remoting b = node("beta");
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        assertThatThrownBy(() -> remote.tell(new Ping("x".repeat(10_000))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("max frame size");
    }

    @Test
    void asksToAnUnreachablePeerFailAndWatchersGetTerminated() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        b.system().spawn("echo", Echo::new);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        List<Object> got = new CopyOnWriteArrayList<>();
        a.system().spawnFromFunction("watcher", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.watch(remote);
            } else {
                got.add(ctx.message());
            }
        }).tell("go");
        assertThat(remote.ask(new Ping("up"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("up from /user/echo"));
        CompletableFuture<Object> hanging = remote.ask(new Ping("silent"), Duration.ofMinutes(5))
                .toCompletableFuture();

        b.system().shutdown(Duration.ofSeconds(10)); // closes b's remoting: its server and connections go away

        await().atMost(15, TimeUnit.SECONDS).until(hanging::isDone);
        assertThat(hanging).isCompletedExceptionally();
        await().atMost(15, TimeUnit.SECONDS).until(() -> got.contains(new Terminated(remote)));
        assertThat(a.pendingReplies()).isZero();
    }

    @Test
    void refsInsideMessagesResolveOnBothSides() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        // beta answers to the ref inside the message, not to the sender.
        b.system().spawnFromFunction("greeter", ctx -> {
            if (ctx.message() instanceof Greet g) {
                g.replyTo().tell(new Pong("hello " + g.text()));
            }
        });
        List<Object> got = new CopyOnWriteArrayList<>();
        ActorRef inbox = a.system().spawnFromFunction("inbox", ctx -> got.add(ctx.message()));
        a.actorRef(b.endpoint(), "beta", "greeter").tell(new Greet(inbox, "alpha"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> got.contains(new Pong("hello alpha")));
    }

    @Test
    void tellsFromOneRemoteActorArriveWithOneSenderRefThatAnswersIt() {
        // Systems without the context interceptor: its headers make each sender ref one message's own.
        Remoting a = plainNode("alpha");
        Remoting b = plainNode("beta");
        List<ActorRef> senders = new CopyOnWriteArrayList<>();
        b.system().spawnFromFunction("sink", ctx -> {
            if (ctx.message() instanceof Numbered n) {
                senders.add(ctx.sender());
                ctx.sender().tell(new Pong("got " + n.n()), ctx.self());
            }
        });
        List<Object> answers = new CopyOnWriteArrayList<>();
        ActorRef talker = a.system().spawnFromFunction("talker", ctx -> {
            if (ctx.message() instanceof Pong p) {
                answers.add(p);
            }
        });
        ActorRef sink = a.actorRef(b.endpoint(), "beta", "sink");
        // The first tell may wait for the connection and then travel without keys; the later ones use them.
        sink.tell(new Numbered(0), talker);
        await().atMost(30, TimeUnit.SECONDS).until(() -> answers.size() == 1);
        int count = 4;
        for (int i = 1; i < count; i++) {
            sink.tell(new Numbered(i), talker);
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> answers.size() == count);
        assertThat(answers).containsExactly(new Pong("got 0"), new Pong("got 1"), new Pong("got 2"),
                new Pong("got 3"));
        assertThat(senders).hasSize(count);
        assertThat(senders.get(1)).isInstanceOf(RemoteActorRef.class);
        assertThat(senders.get(1).path()).isEqualTo("/user/talker");
        assertThat(senders.get(1).uid()).isEqualTo(talker.uid());
        for (ActorRef s : senders.subList(1, count)) {
            assertThat(s).as("one ref for the connection's sender key").isSameAs(senders.get(1));
        }
    }

    @Test
    void messagesFromOneSenderArriveInOrder() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        List<Integer> got = new CopyOnWriteArrayList<>();
        b.system().spawnFromFunction("sink", ctx -> {
            if (ctx.message() instanceof Numbered n) {
                got.add(n.n());
            }
        });
        ActorRef sink = a.actorRef(b.endpoint(), "beta", "sink");
        int count = 5_000;
        for (int i = 0; i < count; i++) {
            sink.tell(new Numbered(i));
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> got.size() == count);
        for (int i = 0; i < count; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
        // Every message was counted once on the way out.
        assertThat(a.stats().messagesSent()).isGreaterThanOrEqualTo(count);
    }

    @Test
    void metricsHooksSeeTrafficAndConnections() throws Exception {
        java.util.concurrent.atomic.LongAdder sent = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder received = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder inboundOpened = new java.util.concurrent.atomic.LongAdder();
        java.util.Set<Endpoint> peersSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RemoteMetrics metrics = new RemoteMetrics() {
            @Override
            public void messageSent(Endpoint peer, int bytes) {
                sent.increment();
                peersSeen.add(peer);
            }

            @Override
            public void messageReceived(Endpoint peer, int bytes) {
                received.increment();
            }

            @Override
            public void connectionOpened(Endpoint peer, boolean inbound) {
                if (inbound) {
                    inboundOpened.increment();
                }
            }
        };
        Remoting a = node("alpha", RemotingConfig.builder().serialization(Messages.serialization()).metrics(metrics));
        Remoting b = node("beta", RemotingConfig.builder().serialization(Messages.serialization()).metrics(metrics));
        b.system().spawn("echo", Echo::new);
        a.actorRef(b.endpoint(), "beta", "echo").ask(new Ping("m"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(sent.sum()).isGreaterThanOrEqualTo(2); // the ask and its reply
        assertThat(received.sum()).isGreaterThanOrEqualTo(2);
        assertThat(inboundOpened.sum()).isGreaterThanOrEqualTo(2); // alpha to beta and beta to alpha
        assertThat(peersSeen).contains(a.endpoint(), b.endpoint());
        assertThat(a.stats().openConnections()).isPositive();
    }

    @Test
    void aRemotePoisonPillStopsTheActorAndAFailureReplyFailsTheAsk() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        b.system().spawnFromFunction("failing", ctx -> {
            if (ctx.message() instanceof Ping) {
                ctx.respond(new io.goakt.actor.Status.Failure(new IllegalStateException("no stock")));
            }
        });
        ActorRef failing = a.actorRef(b.endpoint(), "beta", "failing");
        CompletableFuture<Object> f = failing.ask(new Ping("buy"), Duration.ofSeconds(10)).toCompletableFuture();
        await().atMost(10, TimeUnit.SECONDS).until(f::isDone);
        assertThatThrownBy(f::join).hasCauseInstanceOf(RemoteFailureException.class)
                .hasMessageContaining("no stock");

        failing.tell(io.goakt.actor.PoisonPill.INSTANCE);
        await().atMost(10, TimeUnit.SECONDS).until(() -> b.system().lookup("failing").isEmpty());
    }

    @Test
    void anAskToAnAbsentRemoteActorFailsAtOnceAsALocalOneWould() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        CompletableFuture<Object> f = a.actorRef(b.endpoint(), "beta", "nobody")
                .ask(new Ping("hello?"), Duration.ofMinutes(5)).toCompletableFuture();
        await().atMost(10, TimeUnit.SECONDS).until(f::isDone);
        assertThatThrownBy(f::join).hasCauseInstanceOf(io.goakt.actor.ActorNotAliveException.class);
        assertThat(a.pendingReplies()).isZero();
    }

    @Test
    void aRefToAStoppedIncarnationNeverReachesItsSuccessor() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        b.system().spawn("echo", Echo::new);
        ActorRef old = a.lookup(b.endpoint(), "echo").toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        b.system().stop(b.system().lookup("echo").orElseThrow()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Echo successor = new Echo();
        b.system().spawnInstance("echo", successor);
        List<DeadLetter> dead = new CopyOnWriteArrayList<>();
        b.system().eventStream().subscribe(DeadLetter.class, dead::add);

        old.tell(new Ping("for the old one"));
        a.actorRef(b.endpoint(), "beta", "echo").tell(new Ping("for anyone")); // uid 0: any incarnation
        await().atMost(10, TimeUnit.SECONDS).until(() -> successor.seen.contains(new Ping("for anyone")));
        await().atMost(5, TimeUnit.SECONDS).until(() -> dead.stream()
                .anyMatch(d -> d.message().equals(new Ping("for the old one"))
                        && d.reason() == DeadLetter.Reason.ACTOR_STOPPED));
        assertThat(successor.seen).doesNotContain(new Ping("for the old one"));
    }

    @Test
    void anActorThatReceivedFromThePeerBeforeIsReplacedByItsSuccessor() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        Echo first = new Echo();
        b.system().spawnInstance("echo", first);
        ActorRef byName = a.actorRef(b.endpoint(), "beta", "echo"); // uid 0: whichever incarnation lives there
        ActorRef exact = a.lookup(b.endpoint(), "echo").toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        byName.tell(new Ping("one"));
        exact.tell(new Ping("two"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> first.seen.containsAll(List.of(new Ping("one"),
                new Ping("two"))));

        b.system().stop(b.system().lookup("echo").orElseThrow()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Echo successor = new Echo();
        b.system().spawnInstance("echo", successor);
        List<DeadLetter> dead = new CopyOnWriteArrayList<>();
        b.system().eventStream().subscribe(DeadLetter.class, dead::add);

        byName.tell(new Ping("three"));
        exact.tell(new Ping("four"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> successor.seen.contains(new Ping("three")));
        await().atMost(5, TimeUnit.SECONDS).until(() -> dead.stream()
                .anyMatch(d -> d.message().equals(new Ping("four"))));
        assertThat(successor.seen).doesNotContain(new Ping("four"));
        assertThat(first.seen).doesNotContain(new Ping("three"), new Ping("four"));
    }

    @Test
    void reconnectsToAPeerThatCameBackOnTheSamePort() throws Exception {
        Remoting a = node("alpha", RemotingConfig.builder().serialization(Messages.serialization())
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        Remoting b = node("beta");
        b.system().spawn("echo", Echo::new);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        assertThat(remote.ask(new Ping("one"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("one from /user/echo"));
        int port = b.endpoint().port();
        b.system().shutdown(Duration.ofSeconds(10));
        await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().openConnections() == 0);

        Remoting again = node("beta", RemotingConfig.builder().serialization(Messages.serialization()).port(port));
        Echo echo = new Echo();
        again.system().spawnInstance("echo", echo);
        // The same ref works again: the pool makes a new connection on demand.
        await().atMost(20, TimeUnit.SECONDS).ignoreExceptions().until(() -> new Pong("two from /user/echo").equals(
                remote.ask(new Ping("two"), Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS)));
    }

    @Test
    void manySendingThreadsLoseNothingAndEachKeepsItsOrder() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        List<Integer> got = new CopyOnWriteArrayList<>();
        b.system().spawnFromFunction("sink", ctx -> {
            if (ctx.message() instanceof Numbered n) {
                got.add(n.n());
            }
        });
        ActorRef sink = a.actorRef(b.endpoint(), "beta", "sink");
        int threads = 4;
        int each = 2_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * 1_000_000;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        sink.tell(new Numbered(base + i));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> got.size() == threads * each);
        int[] next = new int[threads];
        for (int n : got) {
            int t = n / 1_000_000;
            assertThat(n % 1_000_000).isEqualTo(next[t]);
            next[t]++;
        }
    }
}
