package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.SpawnOptions;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.SingletonOptions;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.spring.ClusterLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cluster-singleton side of the {@code @ActorComponent} kinds
 * ({@link io.goakt.spring.ActorComponent#clusterSingleton()}): declares each on this member through
 * {@link ClusterSingletons} once the member joined, and gives the refs {@code @ActorName} injects, which reach the
 * singleton's proxy.
 *
 * <p>Threading: any thread; {@link #clusterChanged} declares once (an atomic flag).
 */
public final class SingletonComponents {

    private static final Logger LOG = LoggerFactory.getLogger(SingletonComponents.class);

    private final ActorSystem system;
    private final ActorKinds kinds;
    private final Function<ActorKind, Supplier<Actor>> factories;
    private final Function<ActorKind, SpawnOptions> options;
    private final AtomicBoolean declared = new AtomicBoolean();

    /**
     * @param factories the bean factory of each kind: a fresh prototype bean per actor start
     * @param options   the spawn options of each kind
     */
    public SingletonComponents(ActorSystem system, ActorKinds kinds, Function<ActorKind, Supplier<Actor>> factories,
                               Function<ActorKind, SpawnOptions> options) {
        this.system = system;
        this.kinds = kinds;
        this.factories = factories;
        this.options = options;
    }

    /** On the first {@code UP}: declares every singleton kind on this member. */
    public void clusterChanged(ClusterLifecycle.State state) {
        if (state != ClusterLifecycle.State.UP || !declared.compareAndSet(false, true)) {
            return;
        }
        ClusterSingletons singletons = ClusterSingletons.of(system);
        for (ActorKind kind : kinds.all()) {
            if (kind.clusterSingleton()) {
                SingletonOptions.Builder b = SingletonOptions.builder().spawnOptions(options.apply(kind));
                kind.placement().role().ifPresent(b::role);
                singletons.start(kind.name(), factories.apply(kind), b.build());
                LOG.info("cluster singleton {} declared on member {}", kind.name(), singletons.cluster().self().id());
            }
        }
    }

    /** The {@code @ActorName} ref of singleton {@code kind}: its proxy, also when injected before the join. */
    public ActorRef ref(ActorKind kind) {
        return new SingletonRef(system, kind.name());
    }

    /**
     * A ref injected while the context refreshes, before the member joins: each send goes to the runtime's proxy
     * once the system is a cluster member; before that a message becomes a dead letter and an ask fails with
     * {@link ActorNotAliveException}. Its address and uid are the proxy's, so the two are equal.
     */
    private static final class SingletonRef extends InternalActorRef {
        private final ActorSystem system;
        private final String name;
        private final Address address;

        SingletonRef(ActorSystem system, String name) {
            this.system = system;
            this.name = name;
            this.address = Address.local(system.name(), "/singleton/" + name);
        }

        private Optional<ActorRef> proxy() {
            return Cluster.of(system).map(c -> ClusterSingletons.of(system).proxy(name));
        }

        @Override
        public Address address() {
            return address;
        }

        @Override
        public long uid() {
            return 0;
        }

        @Override
        public void tell(Object message, ActorRef sender) {
            tell(message, sender, Map.of());
        }

        @Override
        public void tell(Object message, ActorRef sender, Map<String, String> headers) {
            Objects.requireNonNull(message, "message");
            Optional<ActorRef> proxy = proxy();
            if (proxy.isPresent() && proxy.get() instanceof InternalActorRef r) {
                r.tell(message, sender, headers);
            } else if (system instanceof InternalActorSystem s) {
                s.deadLetter(message, sender, this, DeadLetter.Reason.UNKNOWN_ACTOR, notJoined());
            }
        }

        @Override
        public CompletionStage<Object> ask(Object message, Duration timeout) {
            return proxy().map(p -> p.ask(message, timeout)).orElseGet(() ->
                    CompletableFuture.failedFuture(new ActorNotAliveException(notJoined())));
        }

        @Override
        protected Duration askTimeout() {
            return system.config().askTimeout();
        }

        @Override
        public boolean sendWatch(ActorRef watcher) {
            return proxy().filter(InternalActorRef.class::isInstance)
                    .map(p -> ((InternalActorRef) p).sendWatch(watcher)).orElse(false);
        }

        @Override
        public void sendUnwatch(ActorRef watcher) {
            proxy().filter(InternalActorRef.class::isInstance)
                    .ifPresent(p -> ((InternalActorRef) p).sendUnwatch(watcher));
        }

        @Override
        public void sendDeathNotification(ActorRef dead) {
            // A singleton's ref is not an actor and watches nothing.
        }

        @Override
        public boolean isTemporary() {
            return false;
        }

        private String notJoined() {
            return "cluster singleton " + name + ": actor system " + system.name() + " has not joined its cluster "
                    + "yet";
        }
    }
}
