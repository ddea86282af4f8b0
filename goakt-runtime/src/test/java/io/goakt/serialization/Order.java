package io.goakt.serialization;

import java.util.List;
import java.util.Map;

/** A record with the shapes Jackson must handle, for the conformance tests. */
record Order(String id, int quantity, List<String> tags, Map<String, Long> prices) {

    static final List<Object> SAMPLES = List.of(
            new Order("", 0, List.of(), Map.of()),
            new Order("order-1", 3, List.of("a", "b"), Map.of("x", 1L)),
            new Order("é\u0000 \uD83D\uDE00", Integer.MIN_VALUE, List.of("x".repeat(10_000)),
                    Map.of("y", Long.MAX_VALUE)));
}
