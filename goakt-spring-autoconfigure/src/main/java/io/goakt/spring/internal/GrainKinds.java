package io.goakt.spring.internal;

import io.goakt.grain.Grain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The application's {@link io.goakt.spring.GrainComponent} kinds, by class. Immutable. */
public final class GrainKinds {

    private final List<GrainKind> all;
    private final Map<Class<?>, GrainKind> byType;

    /** Indexes {@code kinds}; kinds and classes are unique (checked by the registrar). */
    public GrainKinds(Collection<GrainKind> kinds) {
        this.all = List.copyOf(kinds);
        Map<Class<?>, GrainKind> types = new LinkedHashMap<>();
        for (GrainKind k : kinds) {
            types.put(k.type(), k);
        }
        this.byType = Map.copyOf(types);
    }

    /** The kind declared by {@code type}. */
    public Optional<GrainKind> byType(Class<? extends Grain> type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Every kind, in bean definition order. */
    public List<GrainKind> all() {
        return all;
    }
}
