package io.goakt.serialization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract every {@link Serializer} passes: values round-trip, hostile bytes end in a value of the registered
 * type or a {@link SerializationException} (never another exception, never another type), and one instance
 * serves many threads at once.
 *
 * @param <T> the type under test
 */
abstract class SerializerConformance<T> {

    /** The serializer under test. */
    abstract Serializer<T> serializer();

    /** The registered type. */
    abstract Class<T> type();

    /** Distinct sample values, including edge cases (empty strings, large values). */
    abstract List<T> samples();

    @Test
    void samplesRoundTrip() {
        for (T value : samples()) {
            byte[] bytes = serializer().toBytes(value);
            assertThat(serializer().fromBytes(bytes, type())).isEqualTo(value);
        }
    }

    @Test
    void hostileBytesGiveAValueOfTheTypeOrASerializationException() {
        Random random = new Random(7);
        List<byte[]> inputs = new ArrayList<>();
        for (T value : samples()) {
            byte[] good = serializer().toBytes(value);
            for (int cut = 0; cut < good.length; cut += Math.max(1, good.length / 8)) {
                inputs.add(java.util.Arrays.copyOf(good, cut)); // truncated
            }
            byte[] flipped = good.clone();
            if (flipped.length > 0) {
                flipped[random.nextInt(flipped.length)] ^= (byte) 0xff;
            }
            inputs.add(flipped);
        }
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(256)];
            random.nextBytes(junk);
            inputs.add(junk);
        }
        for (byte[] in : inputs) {
            try {
                Object v = serializer().fromBytes(in, type());
                assertThat(v).isInstanceOf(type());
            } catch (SerializationException expected) {
                // refused, as it should be
            } catch (RuntimeException other) {
                fail("hostile bytes escaped as " + other, other);
            }
        }
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 200; i++) {
                        for (T value : samples()) {
                            if (!serializer().fromBytes(serializer().toBytes(value), type()).equals(value)) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
