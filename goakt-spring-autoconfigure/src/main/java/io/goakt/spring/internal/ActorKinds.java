package io.goakt.spring.internal;

import io.goakt.actor.Actor;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The application's actor kinds, by name and by class. Immutable. */
public final class ActorKinds {

    private final Map<String, ActorKind> byName;
    private final Map<Class<?>, ActorKind> byType;

    /** Indexes {@code kinds}; names and classes are unique (checked by the registrar). */
    public ActorKinds(Collection<ActorKind> kinds) {
        Map<String, ActorKind> names = new LinkedHashMap<>();
        Map<Class<?>, ActorKind> types = new LinkedHashMap<>();
        for (ActorKind k : kinds) {
            names.put(k.name(), k);
            types.put(k.type(), k);
        }
        this.byName = java.util.Collections.unmodifiableMap(names);
        this.byType = Map.copyOf(types);
    }

    /** The kind whose named actor is {@code name}. */
    public Optional<ActorKind> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The kind of class {@code type}. */
    public Optional<ActorKind> byType(Class<? extends Actor> type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Every kind. */
    public Collection<ActorKind> all() {
        return byName.values();
    }
}
