package io.goakt.sample.carts;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where carts rest while their grain is deactivated: an in-memory stand-in for a database. A grain loads its cart
 * when it activates and saves it when it deactivates. Thread-safe: grains of different users call it at once.
 */
@Component
public class CartStore {

    private final Map<String, Map<String, Integer>> carts = new ConcurrentHashMap<>();

    /** The saved cart of {@code user}, a copy; empty when there is none. */
    public Map<String, Integer> load(String user) {
        return new TreeMap<>(carts.getOrDefault(user, Map.of()));
    }

    /** Saves {@code items} as the cart of {@code user}. */
    public void save(String user, Map<String, Integer> items) {
        carts.put(user, Map.copyOf(items));
    }
}
