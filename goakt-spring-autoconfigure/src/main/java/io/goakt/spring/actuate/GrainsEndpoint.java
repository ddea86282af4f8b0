package io.goakt.spring.actuate;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRegistry;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Endpoint {@code grains}, read-only: the registered grain kinds and the grains active now, ids by kind
 * ({@code GET /actuator/grains}). A grain counts as active from the start of its activation to the end of its
 * deactivation. The listing is a snapshot of every active identity, so it is meant for operators looking at one
 * node, not for scraping: the meters ({@code goakt.grains.active}) count by kind.
 */
@Endpoint(id = "grains", defaultAccess = Access.READ_ONLY)
public class GrainsEndpoint {

    private final ActorSystem system;

    /** Reports on the grains of {@code system}; it never creates the system's grain registry. */
    public GrainsEndpoint(ActorSystem system) {
        this.system = system;
    }

    /** The kinds and the active grains; none of either while the system has no grain registry. */
    @ReadOperation
    public GrainsDescriptor grains() {
        Optional<GrainRegistry> registry = system.extension(GrainRegistry.class);
        if (registry.isEmpty()) {
            return new GrainsDescriptor(List.of(), 0, Map.of());
        }
        Set<GrainIdentity> active = registry.get().activeGrains();
        Map<String, List<String>> byKind = new TreeMap<>();
        for (GrainIdentity g : active) {
            byKind.computeIfAbsent(g.kind(), k -> new ArrayList<>()).add(g.id());
        }
        byKind.values().forEach(ids -> ids.sort(null));
        return new GrainsDescriptor(List.copyOf(new TreeSet<>(registry.get().kinds())), active.size(), byKind);
    }

    /**
     * The grains of one system.
     *
     * @param kinds       registered kinds, sorted
     * @param activeCount active grains
     * @param active      ids of the active grains by kind, sorted
     */
    public record GrainsDescriptor(List<String> kinds, int activeCount, Map<String, List<String>> active) {
    }
}
