package io.goakt.benchmarks.cluster.scale;

import io.goakt.actor.Address;
import io.goakt.internal.cluster.registry.RegistryEntry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The heap one name costs in a member's replica of the name registry: a {@code HashMap} from name to
 * {@link RegistryEntry}, as the runtime's {@code Registry} holds it, filled with {@code count} entries whose strings
 * are each their own object (as entries decoded from the control plane are). Measured as the difference of the used
 * heap after a full collection, before and after, divided by {@code count}; an estimate to about 10%, enough to
 * multiply by a cluster's number of names.
 */
final class RegistryFootprint {

    private RegistryFootprint() {
    }

    /** Bytes of heap per entry, measured with {@code count} entries named {@code order-<i>} (a 10-character name). */
    static double bytesPerEntry(int count) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        Map<String, RegistryEntry> replica = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("order-%04d", i % 10_000) + (i / 10_000);
            String owner = "sim" + (i % 500) + "@127.0.0.1:" + (20_000 + i % 500) + "#" + String.format("%06x", i);
            Address address = new Address(new String("sim" + (i % 500)), new String("127.0.0.1"), 20_000 + i % 500,
                    "/user/" + name);
            replica.put(name, new RegistryEntry(name, owner, address, i, 1_700_000_000_000L + i, 7));
        }
        long after = usedAfterGc(memory);
        if (replica.size() != count) {
            throw new IllegalStateException("expected " + count + " entries, made " + replica.size());
        }
        return (double) (after - before) / count;
    }

    static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
