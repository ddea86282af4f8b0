package io.goakt.internal.cluster.pubsub;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replica of the other members' subscriptions against a plain model, under seeded random histories of deltas,
 * whole states and view changes: the index publishers read always equals the model, and a member that left, with
 * subscribers or without, stays out until a view holds it again.
 */
class RemoteTopicsTest {

    private static final List<String> MEMBERS = List.of("m0", "m1", "m2", "m3");
    private static final List<String> TOPICS = List.of("a", "b", "c");

    /** A ref that is only an address. */
    private static final class FakeRef extends ActorRef {
        private final Address address;

        FakeRef(String member, String name) {
            this.address = new Address(member, "127.0.0.1", 7000 + member.hashCode() % 100, "/user/" + name);
        }

        @Override
        public Address address() {
            return address;
        }

        @Override
        public long uid() {
            return 1;
        }

        @Override
        public void tell(Object message, ActorRef sender) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Object> ask(Object message, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected Duration askTimeout() {
            return io.goakt.actor.ActorSystemConfig.DEFAULT_ASK_TIMEOUT;
        }
    }

    @Test
    void theIndexAlwaysMatchesAModelOfEveryMembersSubscriptions() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int history = 0; history < 200; history++) {
            RemoteTopics replica = new RemoteTopics();
            replica.retain(Set.copyOf(MEMBERS));
            // model: member -> topic -> subscriber keys; plus the members that left
            Map<String, Map<String, Set<String>>> model = new HashMap<>();
            Set<String> departed = new HashSet<>();
            Set<String> view = new HashSet<>(MEMBERS);
            for (int step = 0; step < 60; step++) {
                String member = MEMBERS.get(random.nextInt(MEMBERS.size()));
                String topic = TOPICS.get(random.nextInt(TOPICS.size()));
                String sub = "s" + random.nextInt(4);
                int op = random.nextInt(10);
                if (op < 4) {
                    replica.add(member, topic, new FakeRef(member, "relay-" + topic), sub, new FakeRef(member, sub));
                    if (!departed.contains(member)) {
                        model.computeIfAbsent(member, m -> new HashMap<>()).computeIfAbsent(topic,
                                t -> new HashSet<>()).add(sub);
                    }
                } else if (op < 7) {
                    replica.remove(member, topic, sub);
                    Map<String, Set<String>> topics = model.get(member);
                    if (topics != null && topics.containsKey(topic)) {
                        topics.get(topic).remove(sub);
                        if (topics.get(topic).isEmpty()) {
                            topics.remove(topic);
                        }
                    }
                } else if (op < 9) {
                    List<RemoteTopics.MemberTopic> state = new ArrayList<>();
                    Map<String, Set<String>> modelState = new HashMap<>();
                    for (String t : TOPICS) {
                        if (random.nextBoolean()) {
                            Map<String, ActorRef> subs = new LinkedHashMap<>();
                            int n = random.nextInt(3);
                            for (int i = 0; i < n; i++) {
                                subs.put("s" + i, new FakeRef(member, "s" + i));
                            }
                            state.add(new RemoteTopics.MemberTopic(member, t, new FakeRef(member, "relay-" + t),
                                    subs));
                            if (n > 0) {
                                modelState.put(t, new HashSet<>(subs.keySet()));
                            }
                        }
                    }
                    replica.replace(member, state);
                    if (!departed.contains(member)) {
                        model.put(member, modelState);
                    }
                } else {
                    // a view change: one member leaves or comes back
                    if (view.contains(member)) {
                        view.remove(member);
                    } else {
                        view.add(member);
                    }
                    replica.retain(Set.copyOf(view));
                    departed.clear();
                    MEMBERS.stream().filter(m -> !view.contains(m)).forEach(departed::add);
                    model.keySet().retainAll(view);
                }
                check(replica, model, seed, history, step);
            }
        }
    }

    private static void check(RemoteTopics replica, Map<String, Map<String, Set<String>>> model, long seed,
                              int history, int step) {
        Set<String> topics = new HashSet<>();
        for (String t : TOPICS) {
            Map<String, Set<String>> expected = new HashMap<>();
            model.forEach((m, ts) -> {
                if (ts.containsKey(t) && !ts.get(t).isEmpty()) {
                    expected.put(m, ts.get(t));
                    topics.add(t);
                }
            });
            Map<String, Set<String>> actual = new HashMap<>();
            for (RemoteTopics.MemberTopic mt : replica.at(t)) {
                assertThat(actual).as("seed %d history %d step %d: one entry per member", seed, history, step)
                        .doesNotContainKey(mt.memberId());
                actual.put(mt.memberId(), mt.subscribers().keySet());
            }
            assertThat(actual).as("seed %d history %d step %d: topic %s", seed, history, step, t)
                    .isEqualTo(expected);
        }
        assertThat(replica.topics()).as("seed %d history %d step %d: topics", seed, history, step)
                .isEqualTo(topics);
    }
}
