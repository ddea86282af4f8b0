package io.goakt.internal.remote;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.goakt.serialization.Serialization;

import java.util.List;

/**
 * Coverage-guided fuzzing of the wire with Jazzer, one fuzz test per decoder (see {@link WireFuzzTargets} for
 * the invariants). A normal test run replays the committed inputs under
 * {@code src/test/resources/io/goakt/internal/remote/WireFuzzTestInputs/<method>/}; the {@code reliability}
 * profile fuzzes each test for {@value #EXECUTIONS} inputs with {@code JAZZER_FUZZ=1} (Jazzer fuzzes one test per
 * JVM, so the profile runs one surefire execution per method). An input that breaks an invariant is written to
 * that directory and replayed by every later run.
 */
class WireFuzzTest {

    /** Inputs per fuzz test when fuzzing: four tests make more than a million. */
    static final long EXECUTIONS = 300_000;

    @FuzzTest(maxExecutions = EXECUTIONS, maxDuration = "30m")
    void frameDecoder(byte[] data) {
        WireFuzzTargets.frameDecoder(data);
    }

    @FuzzTest(maxExecutions = EXECUTIONS, maxDuration = "30m")
    void serverHandshake(byte[] data) {
        WireFuzzTargets.serverConnection(data);
    }

    @FuzzTest(maxExecutions = EXECUTIONS, maxDuration = "30m")
    void clientHandshake(byte[] data) {
        WireFuzzTargets.clientConnection(data);
    }

    @FuzzTest(maxExecutions = EXECUTIONS, maxDuration = "30m")
    void wireKeys(byte[] data) {
        WireFuzzTargets.wireKeys(data);
    }

    @FuzzTest(maxExecutions = EXECUTIONS, maxDuration = "30m")
    void registryDecode(byte[] data) {
        WireFuzzTargets.registryDecode(Registry.SERIALIZATION, Registry.TYPE_IDS, data);
    }

    /** A registry with a Jackson type, a protobuf type and the runtime's own control types. */
    static final class Registry {
        record Order(String id, int quantity, List<String> lines) {
        }

        static final Serialization SERIALIZATION = ControlTypes.builtins()
                .register("fuzz.Order", Order.class)
                .register("fuzz.Hello", io.goakt.internal.remote.proto.Hello.class)
                .build();
        // Sorted: the registry's set has no stable order, and an input must pick the same id in every run.
        static final List<String> TYPE_IDS = SERIALIZATION.typeIds().stream().sorted().toList();

        private Registry() {
        }
    }
}
