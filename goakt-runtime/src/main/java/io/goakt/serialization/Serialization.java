package io.goakt.serialization;

import com.google.protobuf.MessageLite;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The allow-list of message types that may cross the network, each with a stable type id and its serializer.
 *
 * <p>The problem: a receiver must never instantiate a class because the network named it. The approach: frames
 * carry a type id chosen by the application ({@code "orders.PlaceOrder"}), and the receiver maps it to the class
 * registered here, or refuses it. A sender refuses a type that is not registered (exact class, no subtypes) with
 * {@link SerializationException}, so an unregistered type is found at the first send, on the sender's side.
 *
 * <p>Protobuf classes ({@link MessageLite}, full or lite) use {@link ProtobufSerializer}; other classes use the Jackson serializer
 * given to {@link Builder#jackson} (CBOR by default); any type may be given its own {@link Serializer}. Ids starting
 * with {@code goakt.} are reserved for the runtime.
 *
 * <p>Threading: immutable once built; any thread.
 */
public final class Serialization {

    /** A message in its wire form: its type id and bytes. */
    public record Serialized(String typeId, byte[] bytes) {
    }

    private final Map<Class<?>, Entry> byClass;
    private final Map<String, Entry> byId;

    private record Entry(String typeId, Class<?> type, Serializer<Object> serializer) {
    }

    private Serialization(Builder b) {
        this.byClass = Map.copyOf(b.byClass);
        this.byId = Map.copyOf(b.byId);
    }

    /** A registry to fill. */
    public static Builder builder() {
        return new Builder();
    }

    /** A registry with no application types (only the runtime's own). */
    public static Serialization empty() {
        return builder().build();
    }

    /** True when {@code type} is registered. */
    public boolean isRegistered(Class<?> type) {
        return byClass.containsKey(type);
    }

    /** The registered classes, for tools that prepare them ahead of time (such as reflection hints). */
    public java.util.Set<Class<?>> types() {
        return java.util.Set.copyOf(byClass.keySet());
    }

    /** The registered type ids, for diagnostics. */
    public java.util.Set<String> typeIds() {
        return byId.keySet();
    }

    /**
     * The wire form of {@code message}.
     *
     * @throws SerializationException when its class is not registered or its serializer fails
     */
    public Serialized serialize(Object message) {
        return serialize(message, null);
    }

    /**
     * The wire form of {@code message}, with {@code refs} for the {@link io.goakt.actor.ActorRef}s inside it.
     *
     * @throws SerializationException when its class is not registered or its serializer fails
     */
    public Serialized serialize(Object message, ActorRefResolver refs) {
        Objects.requireNonNull(message, "message");
        Entry e = byClass.get(message.getClass());
        if (e == null) {
            throw new SerializationException(message.getClass().getName()
                    + " is not registered for remoting; register it with a type id in Serialization.builder()");
        }
        try {
            return new Serialized(e.typeId, e.serializer.toBytes(message, refs));
        } catch (SerializationException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new SerializationException("cannot write " + e.typeId + ": " + ex, ex);
        }
    }

    /**
     * The message encoded by {@code bytes} under {@code typeId}; bytes come from the network.
     *
     * @throws SerializationException when the id is not registered or the bytes are invalid
     */
    public Object deserialize(String typeId, byte[] bytes) {
        return deserialize(typeId, bytes, null);
    }

    /**
     * The message encoded by {@code bytes} under {@code typeId}, with {@code refs} to resolve the refs inside it.
     *
     * @throws SerializationException when the id is not registered or the bytes are invalid
     */
    @SuppressWarnings("unchecked")
    public Object deserialize(String typeId, byte[] bytes, ActorRefResolver refs) {
        Entry e = byId.get(typeId);
        if (e == null) {
            throw new SerializationException("unknown type id '" + abbreviate(typeId) + "'");
        }
        try {
            return e.serializer.fromBytes(bytes, (Class<Object>) e.type, refs);
        } catch (SerializationException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new SerializationException("cannot read type id '" + typeId + "': " + ex, ex);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /**
     * Collects registrations; set-once per type id and per class, checked as they come.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {

        private final Map<Class<?>, Entry> byClass = new HashMap<>();
        private final Map<String, Entry> byId = new LinkedHashMap<>();
        private Serializer<Object> jackson;
        private boolean allowReserved;

        private Builder() {
        }

        /** The serializer for registered types that are not protobuf messages; a CBOR mapper by default. */
        public Builder jackson(JacksonSerializer serializer) {
            if (jackson != null) {
                throw new IllegalStateException("jackson serializer already set to " + jackson);
            }
            this.jackson = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        /** Registers {@code type} under {@code typeId} with the default serializer for its kind. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Builder register(String typeId, Class<?> type) {
            Objects.requireNonNull(type, "type");
            if (MessageLite.class.isAssignableFrom(type)) {
                return register(typeId, (Class) type, new ProtobufSerializer(type));
            }
            return put(typeId, type, null);
        }

        /** Registers {@code type} under {@code typeId} with its own serializer. */
        @SuppressWarnings("unchecked")
        public <T> Builder register(String typeId, Class<T> type, Serializer<? super T> serializer) {
            return put(typeId, type, (Serializer<Object>) Objects.requireNonNull(serializer, "serializer"));
        }

        /** Lets the runtime register its own {@code goakt.*} ids. Not for applications. */
        public Builder allowReservedIds() {
            allowReserved = true;
            return this;
        }

        private Builder put(String typeId, Class<?> type, Serializer<Object> serializer) {
            Objects.requireNonNull(typeId, "typeId");
            Objects.requireNonNull(type, "type");
            if (typeId.isBlank() || typeId.length() > 200) {
                throw new IllegalArgumentException("type id must be 1..200 characters, was '" + typeId + "'");
            }
            if (typeId.startsWith("goakt.") && !allowReserved) {
                throw new IllegalArgumentException("type ids starting with 'goakt.' are reserved: " + typeId);
            }
            if (byId.containsKey(typeId)) {
                throw new IllegalStateException("type id " + typeId + " already registered for "
                        + byId.get(typeId).type.getName());
            }
            if (byClass.containsKey(type)) {
                throw new IllegalStateException(type.getName() + " already registered as "
                        + byClass.get(type).typeId);
            }
            Entry e = new Entry(typeId, type, serializer);
            byId.put(typeId, e);
            byClass.put(type, e);
            return this;
        }

        /** Copies every registration of {@code other} into this builder. */
        public Builder registerAll(Serialization other) {
            boolean was = allowReserved;
            allowReserved = true;
            try {
                for (Entry e : other.byId.values()) {
                    put(e.typeId, e.type, e.serializer);
                }
            } finally {
                allowReserved = was;
            }
            return this;
        }

        /** The registry. */
        public Serialization build() {
            Serializer<Object> j = jackson != null ? jackson : new JacksonSerializer();
            for (Map.Entry<String, Entry> e : byId.entrySet()) {
                if (e.getValue().serializer == null) {
                    Entry withJackson = new Entry(e.getKey(), e.getValue().type, j);
                    e.setValue(withJackson);
                    byClass.put(withJackson.type, withJackson);
                }
            }
            return new Serialization(this);
        }
    }
}
