package io.goakt.internal.cluster.registry;

import io.goakt.actor.Address;
import io.goakt.cluster.Placement;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryMessageTest {

    private static final RegistryEntry ENTRY = new RegistryEntry("orders", "sys@127.0.0.1:7355#abc",
            new Address("sys", "127.0.0.1", 7355, "/user/orders"), 42, 1_700_000_000_000L, 7);
    private static final RegistryEntry RELOCATABLE = new RegistryEntry("ledger", "sys@127.0.0.1:7355#abc",
            new Address("sys", "127.0.0.1", 7355, "/user/ledger"), 43, 1_700_000_000_001L, 8, 1_699_000_000_000L,
            "ledger-kind", true, Placement.leastLoaded().inRole("compute"));
    private static final RegistryEntry SUCCESSOR = new RegistryEntry("ledger", "sys@127.0.0.1:7356#def",
            new Address("sys", "127.0.0.1", 7356, "/user/ledger"), 44, 1_700_000_000_002L, 9, 1_699_000_000_500L,
            "ledger-kind", true, Placement.leastLoaded().inRole("compute")).replacing(RELOCATABLE);

    private static final List<RegistryMessage> ALL = List.of(
            new RegistryMessage.Claim(1, "orders", 7),
            new RegistryMessage.ClaimReply(1, RegistryMessage.ClaimReply.GRANTED),
            new RegistryMessage.Entries(List.of(ENTRY, ENTRY, RELOCATABLE, SUCCESSOR)),
            new RegistryMessage.Unregistered("orders", "sys#abc", 42),
            new RegistryMessage.Release("orders", 3),
            new RegistryMessage.SyncRequest(),
            new RegistryMessage.Load(12, 345, List.of("worker", "billing")),
            new RegistryMessage.SpawnKind(9, "orders", "worker", false, Placement.local(), null),
            new RegistryMessage.SpawnKind(10, "ledger", "ledger-kind", true, Placement.role("compute"), RELOCATABLE),
            new RegistryMessage.HandedOver(List.of(RELOCATABLE)),
            new RegistryMessage.Relocate(List.of(RELOCATABLE, RELOCATABLE)),
            new RegistryMessage.SpawnKindReply(9, RegistryMessage.SpawnKindReply.OK, ENTRY, null),
            new RegistryMessage.SpawnKindReply(9, RegistryMessage.SpawnKindReply.FAILED, null, "boom"));

    @Test
    void everyMessageSurvivesItsBinaryForm() throws IOException {
        for (RegistryMessage m : ALL) {
            RegistryMessage back = RegistryMessage.decode(RegistryMessage.encode(m));
            if (m instanceof RegistryMessage.SpawnKindReply r && r.error() == null) {
                assertThat(back).isEqualTo(new RegistryMessage.SpawnKindReply(r.requestId(), r.code(), r.entry(), ""));
            } else {
                assertThat(back).isEqualTo(m);
            }
        }
    }

    @Test
    void truncatedOrExtendedMessagesAreRefusedWithIOException() {
        for (RegistryMessage m : ALL) {
            byte[] bytes = RegistryMessage.encode(m);
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = Arrays.copyOf(bytes, len);
                assertThatThrownBy(() -> RegistryMessage.decode(cut)).as("%s cut to %d", m, len)
                        .isInstanceOf(IOException.class);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThatThrownBy(() -> RegistryMessage.decode(longer)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void randomBytesNeverThrowAnythingButIOExceptionNorAllocateAHugeList() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[rnd.nextInt(0, 64)];
            rnd.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) rnd.nextInt(0, 11);
            }
            try {
                RegistryMessage.decode(bytes);
            } catch (IOException expected) {
                // refused, as hostile input should be
            }
        }
    }
}
