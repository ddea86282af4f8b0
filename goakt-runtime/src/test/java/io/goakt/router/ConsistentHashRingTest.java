package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsistentHashRingTest {

    private static final int KEYS = 20_000;

    /** A ref that is only an address: the ring looks at nothing else. */
    private static final class NamedRef extends ActorRef {
        private final Address address;

        NamedRef(String name) {
            this.address = Address.local("ring", "/user/pool/" + name);
        }

        @Override
        public Address address() {
            return address;
        }

        @Override
        public long uid() {
            return address.path().hashCode();
        }

        @Override
        public void tell(Object message, ActorRef sender) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.concurrent.CompletionStage<Object> ask(Object message, java.time.Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected java.time.Duration askTimeout() {
            return io.goakt.actor.ActorSystemConfig.DEFAULT_ASK_TIMEOUT;
        }
    }

    private static List<ActorRef> refs(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> (ActorRef) new NamedRef("routee-" + i))
                .collect(Collectors.toList());
    }

    private static Map<Integer, ActorRef> owners(ConsistentHashRing ring) {
        Map<Integer, ActorRef> out = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            out.put(k, ring.lookup("order-" + k));
        }
        return out;
    }

    @Test
    void addingOneRouteeMovesAboutOneNthOfTheKeysAllToTheNewRoutee() {
        List<ActorRef> five = refs(0, 5);
        List<ActorRef> six = new ArrayList<>(five);
        six.add(new NamedRef("routee-5"));
        Map<Integer, ActorRef> before = owners(ConsistentHashRing.of(five, 128));
        Map<Integer, ActorRef> after = owners(ConsistentHashRing.of(six, 128));
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            if (!before.get(k).equals(after.get(k))) {
                moved++;
                assertThat(after.get(k)).isEqualTo(six.get(5));
            }
        }
        double share = moved / (double) KEYS;
        assertThat(share).as("share of keys moved").isBetween(0.10, 0.25); // ideal 1/6
    }

    @Test
    void removingOneRouteeMovesOnlyItsOwnKeys() {
        List<ActorRef> six = refs(0, 6);
        List<ActorRef> five = new ArrayList<>(six);
        ActorRef removed = five.remove(2);
        Map<Integer, ActorRef> before = owners(ConsistentHashRing.of(six, 128));
        Map<Integer, ActorRef> after = owners(ConsistentHashRing.of(five, 128));
        for (int k = 0; k < KEYS; k++) {
            if (!before.get(k).equals(removed)) {
                assertThat(after.get(k)).isEqualTo(before.get(k));
            }
        }
    }

    @Test
    void keysSpreadEvenlyEnoughAndTheRingIgnoresListOrder() {
        List<ActorRef> eight = refs(0, 8);
        ConsistentHashRing ring = ConsistentHashRing.of(eight, 128);
        Map<ActorRef, Long> load = owners(ring).values().stream()
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        assertThat(load).hasSize(8);
        load.values().forEach(n -> assertThat(n).isBetween(KEYS / 8 / 2L, KEYS / 8 * 2L));

        List<ActorRef> reversed = new ArrayList<>(eight);
        java.util.Collections.reverse(reversed);
        assertThat(owners(ConsistentHashRing.of(reversed, 128))).isEqualTo(owners(ring));
    }

    @Test
    void nonStringKeysUseTheirHashCodeAndEqualKeysAgree() {
        ConsistentHashRing ring = ConsistentHashRing.of(refs(0, 4), 16);
        record Customer(String region, long id) {
        }
        assertThat(ring.lookup(new Customer("eu", 42))).isEqualTo(ring.lookup(new Customer("eu", 42)));
        assertThat(ring.lookup(7L)).isEqualTo(ring.lookup(Long.valueOf(7)));
        assertThatThrownBy(() -> ConsistentHashRing.of(List.of(), 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
