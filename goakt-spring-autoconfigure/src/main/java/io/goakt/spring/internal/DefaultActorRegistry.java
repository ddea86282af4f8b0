package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Passivation;
import io.goakt.actor.SpawnOptions;
import org.springframework.boot.convert.DurationStyle;
import io.goakt.dispatch.Dispatchers;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.NoSuchActorException;
import io.goakt.supervision.SupervisorStrategy;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@link ActorRegistry} over the application's {@link ActorKinds}. Each actor's factory asks the bean factory
 * for a fresh prototype bean, so a restart gets a new instance with its dependencies injected again.
 *
 * <p>The spawn options of every kind are resolved when this is created, so a bad {@code @ActorComponent}
 * attribute (unknown mailbox type, dispatcher or supervisor bean) fails start-up rather than the first spawn.
 *
 * <p>Threading: every method may be called by any thread; the state is immutable after construction.
 */
public final class DefaultActorRegistry implements ActorRegistry {

    /**
     * Spawns retried when a race's winner stopped before the loser could look it up; bounded, so a name that keeps
     * being taken and freed fails instead of looping.
     */
    private static final int SPAWN_RACE_RETRIES = 3;

    private final ActorSystem system;
    private final ActorKinds kinds;
    private final BeanFactory beanFactory;
    private final Map<Class<?>, SpawnOptions> options;
    private final ClusterNames clusterNames;
    private final SingletonComponents singletons;

    /** A registry for an application without a cluster: a kind with a cluster attribute fails. */
    public DefaultActorRegistry(ActorSystem system, ActorKinds kinds, BeanFactory beanFactory, int mailboxCapacity) {
        this(system, kinds, beanFactory, mailboxCapacity, false);
    }

    /**
     * Resolves every kind's spawn options against {@code system} and {@code beanFactory}.
     *
     * @param clusterEnabled {@code goakt.cluster.enabled}; without it a kind with a cluster attribute
     *                       ({@code clusterUnique}, {@code relocatable}, {@code placement}, {@code role}) fails naming that key
     */
    public DefaultActorRegistry(ActorSystem system, ActorKinds kinds, BeanFactory beanFactory, int mailboxCapacity,
                                boolean clusterEnabled) {
        this.system = system;
        this.kinds = kinds;
        this.beanFactory = beanFactory;
        Map<Class<?>, SpawnOptions> resolved = new LinkedHashMap<>();
        for (ActorKind kind : kinds.all()) {
            if (kind.usesCluster() && !clusterEnabled) {
                throw new InvalidConfigurationPropertyValueException("goakt.cluster.enabled", false,
                        "@ActorComponent " + kind.type().getName() + " (name '" + kind.name() + "') declares "
                                + "clusterUnique, clusterSingleton, relocatable, placement or role, which need "
                                + "goakt.cluster.enabled=true; enable the cluster or remove those attributes");
            }
            resolved.put(kind.type(), spawnOptions(kind, mailboxCapacity));
        }
        this.options = Map.copyOf(resolved);
        this.clusterNames = new ClusterNames(system, kinds, this::factory, k -> options.get(k.type()));
        this.singletons = new SingletonComponents(system, kinds, this::factory, k -> options.get(k.type()));
    }

    /** The cluster-singleton side of the kinds: their declaration at the join and their refs. */
    public SingletonComponents singletons() {
        return singletons;
    }

    /** The cluster-unique side of the kinds: spawns, refs by name and the claims of EAGER names. */
    public ClusterNames clusterNames() {
        return clusterNames;
    }

    private SpawnOptions spawnOptions(ActorKind kind, int mailboxCapacity) {
        SpawnOptions.Builder b = SpawnOptions.builder();
        String where = "@ActorComponent on " + kind.type().getName();
        if (!kind.mailbox().isEmpty()) {
            MailboxFactory mailbox = MailboxTypes.resolve(kind.mailbox(), mailboxCapacity).orElseThrow(
                    () -> new IllegalStateException(where + " has mailbox '" + kind.mailbox()
                            + "'; allowed: " + MailboxTypes.allowed()));
            b.mailbox(mailbox);
        }
        if (!kind.dispatcher().isEmpty()) {
            b.dispatcher(checkDispatcher(system, kind.dispatcher(), where));
        }
        if (!kind.supervisor().isEmpty()) {
            if (!beanFactory.containsBean(kind.supervisor())) {
                throw new IllegalStateException(where + " has supervisor '" + kind.supervisor()
                        + "' but there is no bean of that name");
            }
            b.supervisor(beanFactory.getBean(kind.supervisor(), SupervisorStrategy.class));
        }
        if (!kind.passivation().isBlank()) {
            b.passivation(parsePassivation(kind.passivation(), where));
        }
        return b.build();
    }

    /**
     * The spawn options of the {@code @ActorComponent} class {@code type} (mailbox, dispatcher, supervisor,
     * passivation), or the defaults for a class that is not one. Remote spawns of the kind use them too.
     */
    public SpawnOptions optionsOf(Class<?> type) {
        return options.getOrDefault(type, SpawnOptions.defaults());
    }

    /** {@code name} when {@code system} has a dispatcher of that name; else fails naming the available ones. */
    static String checkDispatcher(ActorSystem system, String name, String where) {
        boolean known = Dispatchers.DEFAULT.equals(name) || system.config().dispatchers().containsKey(name)
                || (Dispatchers.VIRTUAL.equals(name) && Dispatchers.virtualThreadsAvailable());
        if (!known) {
            Set<String> available = new LinkedHashSet<>();
            available.add(Dispatchers.DEFAULT);
            if (Dispatchers.virtualThreadsAvailable()) {
                available.add(Dispatchers.VIRTUAL);
            }
            available.addAll(system.config().dispatchers().keySet());
            throw new IllegalStateException(where + " has dispatcher '" + name + "'; available: " + available);
        }
        return name;
    }

    /** Reads {@link io.goakt.spring.ActorComponent#passivation()}: long-lived, a duration, or "n messages". */
    static Passivation parsePassivation(String spec, String where) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("long-lived")) {
            return Passivation.longLived();
        }
        try {
            if (s.endsWith("messages")) {
                return Passivation.afterMessages(Long.parseLong(s.substring(0, s.length() - "messages".length())
                        .trim()));
            }
            return Passivation.afterIdle(DurationStyle.detectAndParse(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " has passivation '" + spec + "'; allowed: long-lived, a "
                    + "positive duration such as 30s, 10m or PT1H, or '<n> messages' with n >= 1 ("
                    + e.getMessage() + ")");
        }
    }

    @Override
    public ActorRef ref(String name) {
        Optional<ActorKind> declared = kinds.byName(name);
        if (declared.isPresent() && declared.get().clusterSingleton()) {
            return singletons.ref(declared.get());
        }
        if (declared.isPresent() && declared.get().clusterUnique()) {
            return clusterNames.nameRef(declared.get());
        }
        // A declared node-local name is this member's own; only undeclared names may be cluster-unique ones.
        Optional<ActorRef> live = declared.isPresent() ? system.lookup(name) : find(name);
        if (live.isPresent()) {
            return live.get();
        }
        ActorKind kind = kinds.byName(name).orElseThrow(() -> new NoSuchActorException(name, "no actor named '" + name
                + "' is running and no @ActorComponent declares it; declared: " + declaredNames()));
        return spawnIfAbsent(kind, name);
    }

    @Override
    public Optional<ActorRef> find(String nameOrPath) {
        Optional<ActorRef> local = system.lookup(nameOrPath);
        if (local.isPresent() || nameOrPath.indexOf('/') >= 0) {
            return local;
        }
        return clusterNames.lookup(nameOrPath);
    }

    @Override
    public ActorRef spawn(Class<? extends Actor> kind, String name) {
        ActorKind k = kindOf(kind);
        if (k.clusterUnique()) {
            return join(clusterNames.spawn(k, name));
        }
        return system.spawn(name, factory(k), options.get(k.type()));
    }

    @Override
    public ActorRef getOrSpawn(Class<? extends Actor> kind, String name) {
        ActorKind k = kindOf(kind);
        if (k.clusterUnique()) {
            return join(clusterNames.getOrSpawn(k, name));
        }
        Optional<ActorRef> live = system.lookup(name);
        return live.isPresent() ? live.get() : spawnIfAbsent(k, name);
    }

    /** The stage's ref, or its failure's cause rethrown unwrapped. */
    private static ActorRef join(CompletionStage<ActorRef> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = ClusterNames.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public Set<String> declaredNames() {
        Set<String> names = new LinkedHashSet<>();
        kinds.all().forEach(k -> names.add(k.name()));
        return names;
    }

    @Override
    public ActorSystem system() {
        return system;
    }

    /**
     * Spawns every node-local {@link ActorComponent.Startup#EAGER} kind's named actor that is not running yet; the
     * cluster-unique ones are claimed once the member joined ({@link ClusterNames#clusterChanged}).
     */
    public void spawnEagerActors() {
        for (ActorKind kind : kinds.all()) {
            if (kind.startup() == ActorComponent.Startup.EAGER && !kind.clusterUnique() && !kind.clusterSingleton()
                    && system.lookup(kind.name()).isEmpty()) {
                spawnIfAbsent(kind, kind.name());
            }
        }
    }

    private ActorRef spawnIfAbsent(ActorKind kind, String name) {
        // Two threads may race to spawn the same name; the loser takes the winner's actor.
        for (int attempt = 0; ; attempt++) {
            try {
                return system.spawn(name, factory(kind), options.get(kind.type()));
            } catch (ActorAlreadyExistsException e) {
                Optional<ActorRef> live = system.lookup(name);
                if (live.isPresent()) {
                    return live.get();
                }
                if (attempt >= SPAWN_RACE_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private ActorKind kindOf(Class<? extends Actor> type) {
        return kinds.byType(type).orElseThrow(() -> new NoSuchActorException(type.getName()
                + " is not an @ActorComponent in this application context"));
    }

    private Supplier<Actor> factory(ActorKind kind) {
        String bean = kind.beanName();
        return () -> beanFactory.getBean(bean, Actor.class);
    }
}
