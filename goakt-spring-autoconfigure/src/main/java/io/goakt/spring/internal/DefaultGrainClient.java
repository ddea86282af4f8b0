package io.goakt.spring.internal;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainKindAlreadyRegisteredException;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import io.goakt.grain.UnknownGrainKindException;
import io.goakt.spring.GrainClient;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The {@link GrainClient} over the system's {@link GrainRegistry}. Creating it registers every
 * {@link io.goakt.spring.GrainComponent} kind, each activation's instance a fresh prototype bean from the bean
 * factory. Every kind's options are checked before the first is registered, so a bad attribute fails start-up with
 * the class, the attribute and what is allowed, and leaves no kind half-registered.
 *
 * <p>An application without grain kinds gets no grain registry (and no grains parent actor in its actor tree) until
 * it first uses this client.
 *
 * <p>Threading: every method may be called by any thread; the state is immutable after construction.
 */
public final class DefaultGrainClient implements GrainClient {

    private final ActorSystem system;
    private final GrainKinds kinds;
    private final Duration askTimeout;

    /**
     * Registers {@code kinds} with the grain registry of {@code system}.
     *
     * @param mailboxCapacity capacity of bounded mailboxes ({@code goakt.mailbox.capacity})
     * @param askTimeout      timeout of {@link #ask} ({@code goakt.system.ask-timeout})
     */
    public DefaultGrainClient(ActorSystem system, GrainKinds kinds, BeanFactory beanFactory, int mailboxCapacity,
                              Duration askTimeout) {
        this.system = system;
        this.kinds = kinds;
        this.askTimeout = askTimeout;
        Map<GrainKind, GrainOptions> resolved = new LinkedHashMap<>();
        for (GrainKind kind : kinds.all()) {
            resolved.put(kind, options(kind, system, mailboxCapacity));
        }
        if (resolved.isEmpty()) {
            return;
        }
        GrainRegistry registry = Grains.of(system);
        resolved.forEach((kind, options) -> {
            String bean = kind.beanName();
            try {
                registry.register(kind.kind(), () -> beanFactory.getBean(bean, Grain.class), options);
            } catch (GrainKindAlreadyRegisteredException e) {
                throw new IllegalStateException(where(kind) + " has kind '" + kind.kind() + "', which was registered "
                        + "in code already; allowed: a kind nothing else registers", e);
            }
        });
    }

    private static String where(GrainKind kind) {
        return "@GrainComponent on " + kind.type().getName();
    }

    static GrainOptions options(GrainKind kind, ActorSystem system, int mailboxCapacity) {
        GrainOptions.Builder b = GrainOptions.builder().onFailure(kind.onFailure());
        String where = where(kind);
        if (!kind.idleTimeout().isBlank()) {
            b.idleTimeout(parseIdleTimeout(kind.idleTimeout(), where));
        }
        if (kind.maxMessages() < 0) {
            throw new IllegalStateException(where + " has maxMessages " + kind.maxMessages()
                    + "; allowed: 0 for no limit, or at least 1");
        }
        if (kind.maxMessages() > 0) {
            b.maxMessages(kind.maxMessages());
        }
        if (!kind.mailbox().isEmpty()) {
            b.mailbox(MailboxTypes.resolve(kind.mailbox(), mailboxCapacity).orElseThrow(
                    () -> new IllegalStateException(where + " has mailbox '" + kind.mailbox() + "'; allowed: "
                            + MailboxTypes.allowed())));
        }
        if (!kind.dispatcher().isEmpty()) {
            b.dispatcher(DefaultActorRegistry.checkDispatcher(system, kind.dispatcher(), where));
        }
        return b.build();
    }

    private static Duration parseIdleTimeout(String spec, String where) {
        Duration d;
        try {
            d = DurationStyle.detectAndParse(spec.trim());
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalStateException(where + " has idleTimeout '" + spec + "'; allowed: a positive duration "
                    + "such as 30s, 10m or PT1H, or empty for the default (" + GrainOptions.DEFAULT_IDLE_TIMEOUT + ")");
        }
        return d;
    }

    @Override
    public GrainRef ref(String kind, String id) {
        return registry().ref(kind, id);
    }

    @Override
    public GrainRef ref(Class<? extends Grain> componentClass, String id) {
        Objects.requireNonNull(componentClass, "componentClass");
        GrainKind kind = kinds.byType(componentClass)
                .orElseThrow(() -> new UnknownGrainKindException(componentClass.getName(), kinds()));
        return registry().ref(kind.kind(), id);
    }

    @Override
    public CompletionStage<Object> ask(String kind, String id, Object message) {
        return ref(kind, id).ask(message, askTimeout);
    }

    @Override
    public Set<String> kinds() {
        return system.extension(GrainRegistry.class).map(GrainRegistry::kinds).orElse(Set.of());
    }

    @Override
    public GrainRegistry registry() {
        return Grains.of(system);
    }
}
