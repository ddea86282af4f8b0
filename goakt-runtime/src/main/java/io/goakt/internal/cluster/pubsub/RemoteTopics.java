package io.goakt.internal.cluster.pubsub;

import io.goakt.actor.ActorRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This member's replica of the other members' subscriptions: for each topic, which members have subscribers of it,
 * through which relay actor they are reached, and who the subscribers are.
 *
 * <p>Updates come from the control plane (deltas and whole states of one member) and from view changes (the members
 * that left are dropped); publishing reads {@link #at} on every publish. So the replica keeps two forms: the
 * authoritative one by member, guarded by this object's monitor, and a read-only index by topic, a concurrent map
 * of immutable lists that every update replaces whole for the topics it touched. A publisher's {@code get} on the
 * index (a volatile read inside the map) pairs with the update's {@code put}, so it sees a complete list, never a
 * half-applied update.
 *
 * <p>A member that left is remembered (its id, which is new on every start of a member) until a view holds it
 * again: a delta of it that arrives after the view without it is dropped rather than bringing it back. A member
 * cut off by a partition comes back in a merged view, after which it sends its whole state again.
 *
 * <p>Threading: any thread.
 */
final class RemoteTopics {

    /** One member's subscribers of one topic: immutable. */
    record MemberTopic(String memberId, String topic, ActorRef relay, Map<String, ActorRef> subscribers) {
        MemberTopic {
            subscribers = Map.copyOf(subscribers);
        }
    }

    /** Member id to topic to its subscriptions. Guarded by this object's monitor. */
    private final Map<String, Map<String, MemberTopic>> byMember = new HashMap<>();
    /** Ids of members that left and are not back. Guarded by this object's monitor. */
    private final Set<String> departed = new HashSet<>();
    /** The members of the last view given to {@link #retain}. Guarded by this object's monitor. */
    private Set<String> inView = Set.of();
    /** Topic to every member's subscriptions of it; lists replaced whole under the monitor, read without it. */
    private final ConcurrentHashMap<String, List<MemberTopic>> byTopic = new ConcurrentHashMap<>();

    /** The other members' subscriptions of {@code topic}: an immutable list, empty when none. */
    List<MemberTopic> at(String topic) {
        List<MemberTopic> l = byTopic.get(topic);
        return l == null ? List.of() : l;
    }

    /** The topics some other member has subscribers of. */
    Set<String> topics() {
        return Set.copyOf(byTopic.keySet());
    }

    /** Adds a subscriber of {@code memberId}; ignored when that member has left. */
    synchronized void add(String memberId, String topic, ActorRef relay, String key, ActorRef subscriber) {
        if (departed.contains(memberId)) {
            return;
        }
        Map<String, MemberTopic> topics = byMember.computeIfAbsent(memberId, m -> new HashMap<>());
        MemberTopic old = topics.get(topic);
        Map<String, ActorRef> subs = new LinkedHashMap<>(old == null ? Map.of() : old.subscribers());
        subs.put(key, subscriber);
        topics.put(topic, new MemberTopic(memberId, topic, relay, subs));
        reindex(topic);
    }

    /** Removes a subscriber of {@code memberId}; the member's topic goes when its last subscriber does. */
    synchronized void remove(String memberId, String topic, String key) {
        Map<String, MemberTopic> topics = byMember.get(memberId);
        MemberTopic old = topics == null ? null : topics.get(topic);
        if (old == null || !old.subscribers().containsKey(key)) {
            return;
        }
        Map<String, ActorRef> subs = new HashMap<>(old.subscribers());
        subs.remove(key);
        if (subs.isEmpty()) {
            topics.remove(topic);
            if (topics.isEmpty()) {
                byMember.remove(memberId);
            }
        } else {
            topics.put(topic, new MemberTopic(memberId, topic, old.relay(), subs));
        }
        reindex(topic);
    }

    /** Replaces everything known of {@code memberId} with {@code state}; ignored when that member has left. */
    synchronized void replace(String memberId, Collection<MemberTopic> state) {
        if (departed.contains(memberId)) {
            return;
        }
        Map<String, MemberTopic> old = byMember.remove(memberId);
        Set<String> touched = new HashSet<>(old == null ? Set.of() : old.keySet());
        Map<String, MemberTopic> now = new HashMap<>();
        for (MemberTopic t : state) {
            if (!t.subscribers().isEmpty()) {
                now.put(t.topic(), t);
            }
        }
        if (!now.isEmpty()) {
            byMember.put(memberId, now);
        }
        touched.addAll(now.keySet());
        touched.forEach(this::reindex);
    }

    /**
     * Keeps only the members in {@code members} (a new view): the others' subscriptions vanish and their later
     * deltas are ignored until a view holds them again. Returns how many subscribers vanished.
     */
    synchronized int retain(Set<String> members) {
        for (String id : inView) {
            if (!members.contains(id)) {
                departed.add(id); // also a member that had no subscribers: a late delta of it stays out
            }
        }
        inView = Set.copyOf(members);
        departed.removeAll(members);
        int dropped = 0;
        Set<String> touched = new HashSet<>();
        for (var it = byMember.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!members.contains(e.getKey())) {
                departed.add(e.getKey());
                for (MemberTopic t : e.getValue().values()) {
                    dropped += t.subscribers().size();
                }
                touched.addAll(e.getValue().keySet());
                it.remove();
            }
        }
        touched.forEach(this::reindex);
        return dropped;
    }

    /** Rebuilds the index entry of {@code topic}; under the monitor. */
    private void reindex(String topic) {
        List<MemberTopic> list = new ArrayList<>();
        for (Map<String, MemberTopic> topics : byMember.values()) {
            MemberTopic t = topics.get(topic);
            if (t != null) {
                list.add(t);
            }
        }
        if (list.isEmpty()) {
            byTopic.remove(topic);
        } else {
            byTopic.put(topic, List.copyOf(list));
        }
    }
}
