package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.DeathNotification;
import io.goakt.internal.remote.proto.Unwatch;
import io.goakt.internal.remote.proto.Watch;

import java.util.Optional;

/**
 * Death watch across nodes. Watching a remote ref records the watcher ({@link WatchedRemoteActors}) and sends a
 * Watch; the watched actor's node registers a proxy ref ({@link RemoteActorRef} naming the watcher) as a watcher of
 * its local actor, and that actor's death comes back as a DeathNotification, which echoes the watched ref exactly
 * as the Watch named it. A Watch for an actor that is not alive (or another incarnation) is answered at once. If
 * the watched node stays unreachable for {@code RemotingConfig.unreachableAfter()}, every watcher of its actors
 * gets {@code Terminated} at once ({@link Peers#peerUnreachable}).
 *
 * <p>Threading: any thread; the inbound handlers run on event loops.
 */
final class RemoteDeathWatch {

    private final InternalActorSystem system;
    private final RefCodec refs;
    private final Outbound outbound;
    private final WatchedRemoteActors watched;

    RemoteDeathWatch(InternalActorSystem system, RefCodec refs, Outbound outbound, WatchedRemoteActors watched) {
        this.system = system;
        this.refs = refs;
        this.outbound = outbound;
        this.watched = watched;
    }

    /** {@code watcher}, a local actor, watches {@code watchee}. */
    void watch(RemoteActorRef watchee, ActorRef watcher) {
        watched.add(watchee, watcher);
        outbound.control(watchee.endpoint(), ControlTypes.WATCH, Watch.newBuilder().setWatchee(watchee.wireData())
                .setWatcher(refs.localData(watcher)).build());
    }

    void unwatch(RemoteActorRef watchee, ActorRef watcher) {
        watched.remove(watchee, watcher);
        outbound.control(watchee.endpoint(), ControlTypes.UNWATCH, Unwatch.newBuilder()
                .setWatchee(watchee.wireData()).setWatcher(refs.localData(watcher)).build());
    }

    /** {@code watcherProxy} watches a local actor for a remote watcher; {@code dead} is that actor. */
    void sendDeathNotification(RemoteActorRef watcherProxy, ActorRef dead) {
        ActorRefData deadData = watcherProxy.watcheeAsSent() != null ? watcherProxy.watcheeAsSent()
                : refs.localData(dead);
        notifyDeath(watcherProxy, deadData);
    }

    /** A peer's actor watches one of ours. Event loop. */
    void onWatch(Watch w) {
        RemoteActorRef proxy = refs.remoteFromData(w.getWatcher(), 0, w.getWatchee());
        Optional<ActorRef> local = system.lookup(w.getWatchee().getPath());
        boolean alive = local.isPresent()
                && (w.getWatchee().getUid() == 0 || local.get().uid() == w.getWatchee().getUid())
                && local.get() instanceof InternalActorRef l && l.sendWatch(proxy);
        if (!alive) {
            notifyDeath(proxy, w.getWatchee());
        }
    }

    /** A peer's actor stops watching one of ours. Event loop. */
    void onUnwatch(Unwatch u) {
        RemoteActorRef proxy = refs.remoteFromData(u.getWatcher(), 0, u.getWatchee());
        system.lookup(u.getWatchee().getPath()).ifPresent(l -> {
            if (l instanceof InternalActorRef r) {
                r.sendUnwatch(proxy);
            }
        });
    }

    /** An actor that ours watch has died on its node. Event loop. */
    void onDeathNotification(DeathNotification n) {
        watched.terminated(refs.remoteFromData(n.getDead(), 0, null), n.getWatcher().getPath());
    }

    private void notifyDeath(RemoteActorRef watcherProxy, ActorRefData dead) {
        outbound.control(watcherProxy.endpoint(), ControlTypes.DEATH_NOTIFICATION, DeathNotification.newBuilder()
                .setDead(dead).setWatcher(watcherProxy.wireData()).build());
    }
}
