package io.goakt.spring.internal;

import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.goakt.remote.RemoteMetrics;

import java.util.List;

/**
 * Hands every remoting metrics call to several {@link RemoteMetrics}, in order: the application's
 * {@code RemoteMetrics} beans and the starter's own (per-member traffic of a cluster).
 *
 * <p>Threading: immutable; called on network and sender threads at once, as each delegate must allow.
 */
final class CompositeRemoteMetrics implements RemoteMetrics {

    private final RemoteMetrics[] delegates;

    CompositeRemoteMetrics(List<RemoteMetrics> delegates) {
        this.delegates = delegates.toArray(RemoteMetrics[]::new);
    }

    @Override
    public void messageSent(Endpoint peer, int bytes) {
        for (RemoteMetrics m : delegates) {
            m.messageSent(peer, bytes);
        }
    }

    @Override
    public void messageReceived(Endpoint peer, int bytes) {
        for (RemoteMetrics m : delegates) {
            m.messageReceived(peer, bytes);
        }
    }

    @Override
    public void connectionOpened(Endpoint peer, boolean inbound) {
        for (RemoteMetrics m : delegates) {
            m.connectionOpened(peer, inbound);
        }
    }

    @Override
    public void connectionClosed(Endpoint peer, boolean inbound) {
        for (RemoteMetrics m : delegates) {
            m.connectionClosed(peer, inbound);
        }
    }

    @Override
    public void failure(Endpoint peer, FailureKind kind) {
        for (RemoteMetrics m : delegates) {
            m.failure(peer, kind);
        }
    }
}
