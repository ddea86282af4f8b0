package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.remote.Endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote actors that local actors watch, and who watches each: the local half of remote death watch
 * ({@link RemoteDeathWatch} holds the protocol). A watched actor's death notification, or its node becoming
 * unreachable, tells its watchers that it terminated and forgets them.
 *
 * <p>Threading: any thread. One concurrent map; each watcher set is changed only inside the map's
 * {@code compute} of its key, so a removal that empties a set and an addition to it cannot interleave.
 */
final class WatchedRemoteActors {

    private final ConcurrentHashMap<RemoteActorRef, Set<ActorRef>> watched = new ConcurrentHashMap<>();

    void add(RemoteActorRef watchee, ActorRef watcher) {
        watched.compute(watchee, (k, set) -> {
            Set<ActorRef> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(watcher);
            return s;
        });
    }

    void remove(RemoteActorRef watchee, ActorRef watcher) {
        watched.computeIfPresent(watchee, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    int size() {
        return watched.size();
    }

    /** True while some local actor watches an actor at {@code endpoint}. Linear in the watched actors. */
    boolean hasWatches(Endpoint endpoint) {
        for (RemoteActorRef r : watched.keySet()) {
            if (r.endpoint().equals(endpoint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code dead} terminated: notifies its watchers at {@code watcherPath}. The dead ref is echoed exactly as it
     * was sent in the Watch, so it equals the watched ref (address and uid).
     */
    void terminated(RemoteActorRef dead, String watcherPath) {
        List<ActorRef> toNotify = new ArrayList<>();
        watched.computeIfPresent(dead, (k, set) -> {
            set.removeIf(w -> {
                boolean match = w.path().equals(watcherPath);
                if (match) {
                    toNotify.add(w);
                }
                return match;
            });
            return set.isEmpty() ? null : set;
        });
        for (ActorRef w : toNotify) {
            InternalActorRef.notifyWatcher(w, dead);
        }
    }

    /** The node at {@code endpoint} is unreachable: every watcher of its actors learns they terminated. */
    void peerUnreachable(Endpoint endpoint) {
        for (RemoteActorRef r : List.copyOf(watched.keySet())) {
            if (r.endpoint().equals(endpoint)) {
                Set<ActorRef> ws = watched.remove(r);
                if (ws != null) {
                    for (ActorRef w : ws) {
                        InternalActorRef.notifyWatcher(w, r);
                    }
                }
            }
        }
    }
}
