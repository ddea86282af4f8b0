package io.goakt.spring.internal;

import io.goakt.mailbox.MailboxFactory;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The mailbox types a Spring application can name ({@code goakt.mailbox.type}, {@code @ActorComponent(mailbox)}),
 * each a factory from the configured capacity. A new runtime mailbox kind is one more entry in {@link #TYPES}. The
 * priority mailbox needs a comparator, which a property cannot name: give it in code
 * ({@code SpawnOptions.builder().mailbox(MailboxFactory.priority(...))}).
 */
public final class MailboxTypes {

    private static final Map<String, IntFunction<MailboxFactory>> TYPES;

    static {
        Map<String, IntFunction<MailboxFactory>> types = new TreeMap<>();
        types.put("unbounded", capacity -> MailboxFactory.unbounded());
        types.put("bounded", MailboxFactory::bounded);
        types.put("fair", capacity -> MailboxFactory.fair());
        TYPES = Map.copyOf(types);
    }

    private MailboxTypes() {
    }

    /** The factory for {@code type} with {@code capacity}, or empty when the type is unknown. */
    public static Optional<MailboxFactory> resolve(String type, int capacity) {
        IntFunction<MailboxFactory> f = type == null ? null : TYPES.get(type.trim().toLowerCase(java.util.Locale.ROOT));
        return f == null ? Optional.empty() : Optional.of(f.apply(capacity));
    }

    /** The accepted type names, sorted, for error messages. */
    public static String allowed() {
        return String.join(", ", new TreeMap<>(TYPES).keySet());
    }
}
