package io.goakt.internal.util;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The set-once rule every runtime builder follows: each setting may be given once, and a second call fails at once
 * with an {@link IllegalStateException} that names the value already held ({@code "port is already set to 7355"}),
 * so a configuration that sets one thing in two places is caught where it is built instead of silently keeping the
 * last value. Keyed entries (a dispatcher by name, a rule by exception type) follow the same rule per key.
 *
 * <p>The builder keeps its own fields and defaults; this records only which settings were given, so a default
 * held in a field before the first call does not count as given. A builder whose {@code build()} fills defaults
 * into its fields makes the instance {@link #singleUse single-use}: once built, every further call fails, because
 * the builder cannot tell the values given from the defaults it filled in.
 *
 * <p>Call {@link #claim} after validating the new value: a refused value then leaves the setting unset.
 *
 * <p>Threading: one thread, like the builder that owns it.
 */
public final class SetOnce {

    private final Set<String> given = new HashSet<>();
    /** What the builder builds, named in the error after {@link #markBuilt()}; {@code null} when reusable. */
    private final String product;
    private boolean built;

    private SetOnce(String product) {
        this.product = product;
    }

    /** For a builder that may build again after more settings, each still given at most once. */
    public static SetOnce reusable() {
        return new SetOnce(null);
    }

    /** For a builder that builds one {@code product} and refuses every call afterwards. */
    public static SetOnce singleUse(String product) {
        return new SetOnce(Objects.requireNonNull(product, "product"));
    }

    /**
     * Records that setting {@code name} is given now.
     *
     * @param current the value the setting holds, named in the error when it was given before
     * @throws IllegalStateException when {@code name} was given before, or the builder has built
     */
    public void claim(String name, Object current) {
        checkOpen();
        if (!given.add(name)) {
            throw new IllegalStateException(name + " is already set to " + current);
        }
    }

    /**
     * Rejects a null {@code value} (the error names the setting), then {@link #claim claims} {@code name}.
     *
     * @return {@code value}, for the builder to assign
     */
    public <T> T set(String name, T current, T value) {
        Objects.requireNonNull(value, name);
        claim(name, current);
        return value;
    }

    /** Whether setting {@code name} was given, so {@code build()} knows whether to fill in its default. */
    public boolean isGiven(String name) {
        return given.contains(name);
    }

    /**
     * Adds {@code key -> value} to {@code entries} unless the key already has a value.
     *
     * @param label names the entry in the error, as in {@code "dispatcher 'io'"}
     * @throws IllegalStateException when the key already has a value (named in the message), or the builder has built
     */
    public <K, V> void putOnce(Map<K, V> entries, K key, V value, String label) {
        checkOpen();
        V old = entries.putIfAbsent(key, value);
        if (old != null) {
            throw new IllegalStateException(label + " is already set to " + old);
        }
    }

    /** Fails when a single-use builder has built; for the builder's methods that add rather than set. */
    public void checkOpen() {
        if (built) {
            throw new IllegalStateException("this builder has already built its " + product);
        }
    }

    /** Called by {@code build()}: a single-use builder refuses every later call, a second build included. */
    public void markBuilt() {
        checkOpen();
        built = product != null;
    }
}
