package io.goakt.spring.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How an actor is shown as a kind in metrics (the {@code kind} tag) and the Actuator {@code actors} endpoint: an
 * {@link io.goakt.spring.ActorComponent} by its component name, as a grain by its grain kind; any other actor by its
 * class name. Immutable.
 */
public final class KindNames implements Function<String, String> {

    private static final String LAMBDA = "$$Lambda";
    /** What Spring appends to the name of a class it subclasses for proxying. */
    private static final String CGLIB = "$$SpringCGLIB$$";

    /** Every actor by its class name: what a system without {@code @ActorComponent}s shows. */
    public static final KindNames CLASS_NAMES = new KindNames(Map.of());

    private final Map<String, String> componentNames;

    private KindNames(Map<String, String> componentNames) {
        this.componentNames = componentNames;
    }

    /** The application's {@code @ActorComponent}s by their names; {@code null} gives {@link #CLASS_NAMES}. */
    public static KindNames of(ActorKinds kinds) {
        if (kinds == null) {
            return CLASS_NAMES;
        }
        Map<String, String> names = new HashMap<>();
        for (ActorKind k : kinds.all()) {
            names.put(k.type().getName(), k.name());
        }
        return new KindNames(Map.copyOf(names));
    }

    /**
     * Names resolved from {@code kinds} on first use, so they can be handed to a bean that is created before the
     * components are known.
     */
    public static Function<String, String> deferred(Supplier<ActorKinds> kinds) {
        return new Function<>() {
            private volatile KindNames names; // benign race: two threads may both build equal names

            @Override
            public String apply(String className) {
                KindNames n = names;
                if (n == null) {
                    n = of(kinds.get());
                    names = n;
                }
                return n.apply(className);
            }
        };
    }

    /**
     * The kind of an actor whose current instance has class {@code className}; {@code null} stays {@code null}.
     * Actors made from lambdas ({@code spawnFromFunction}) have class names that end in a per-run address; they
     * share one kind per declaring class instead.
     */
    @Override
    public String apply(String className) {
        if (className == null) {
            return null;
        }
        int proxy = className.indexOf(CGLIB);
        String type = proxy < 0 ? className : className.substring(0, proxy);
        String component = componentNames.get(type);
        return component != null ? component : of(type);
    }

    /**
     * The class-name kind of {@code className}: itself, or for a lambda its declaring class followed by
     * {@code $$Lambda}. {@code null} stays {@code null}.
     */
    public static String of(String className) {
        if (className == null) {
            return null;
        }
        int lambda = className.indexOf(LAMBDA);
        return lambda < 0 ? className : className.substring(0, lambda + LAMBDA.length());
    }
}
