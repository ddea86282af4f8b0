package io.goakt.internal.discovery;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code etcd} provider's discovery protocol: each member's entry is the key {@code <prefix>/<cluster>/<member>}
 * attached to a lease of {@code ttl}, which the refresh task keeps alive every third of the ttl; members list every
 * key under {@code <prefix>/<cluster>/}.
 *
 * <p>A member that dies stops renewing its lease, and etcd deletes the key when the lease runs out. When a renewal
 * finds the lease gone (it ran out while etcd was unreachable, or etcd restarted without its data), the member
 * takes a new lease and puts its key again. A member that stops revokes its lease, which deletes its key at once.
 *
 * <p>Threading: see {@link MemberStorePing}; {@code lease} is volatile and written under {@code this} (by
 * {@link #putEntry}, which {@link MemberStorePing#register} serializes).
 */
public final class EtcdDiscoveryPing extends MemberStorePing {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final List<URI> endpoints;
    private final String prefix;
    private final long ttlSeconds;
    private final String username;
    private final String password;
    private final SSLContext sslContext;

    /** Set in openStore; volatile. */
    private volatile EtcdClient client;
    /** The lease this member's key is attached to, 0 for none; volatile. */
    private volatile long lease;

    /**
     * @param prefix     the key prefix without a trailing slash, e.g. {@code /goakt/discovery}
     * @param ttlSeconds the lease's time to live
     * @param username   null for no authentication
     * @param sslContext null for the JDK's default
     */
    public EtcdDiscoveryPing(List<URI> endpoints, String prefix, long ttlSeconds, String username, String password,
                             SSLContext sslContext) {
        super(Duration.ofMillis(Math.max(500, ttlSeconds * 1000 / 3)), "goakt-discovery-etcd");
        this.endpoints = List.copyOf(endpoints);
        this.prefix = prefix;
        this.ttlSeconds = ttlSeconds;
        this.username = username;
        this.password = password;
        this.sslContext = sslContext;
    }

    /** The key prefix under which the members of {@code cluster} keep their entries. */
    public static String clusterPrefix(String prefix, String cluster) {
        return prefix + "/" + cluster + "/";
    }

    @Override
    protected void openStore() {
        client = new EtcdClient(endpoints, username, password, sslContext, CALL_TIMEOUT);
    }

    @Override
    protected void putEntry(String member, byte[] data) throws Exception {
        long id = lease;
        if (id == 0) {
            id = client.grant(ttlSeconds);
            lease = id;
        }
        try {
            client.put(clusterPrefix(prefix, cluster_name) + member, data, id);
        } catch (java.io.IOException e) {
            lease = 0; // most likely the lease is gone: the next registration takes a new one
            throw e;
        }
    }

    @Override
    protected boolean keepAlive() throws Exception {
        long id = lease;
        if (id == 0) {
            return false;
        }
        if (client.keepAlive(id) > 0) {
            return true;
        }
        lease = 0;
        return false;
    }

    @Override
    protected List<byte[]> listEntries() throws Exception {
        List<byte[]> values = new ArrayList<>();
        for (EtcdClient.Entry entry : client.range(clusterPrefix(prefix, cluster_name))) {
            values.add(entry.value());
        }
        return values;
    }

    @Override
    protected void removeEntry(String member) throws Exception {
        long id = lease;
        lease = 0;
        if (id != 0) {
            client.revoke(id);
        } else {
            client.delete(clusterPrefix(prefix, cluster_name) + member);
        }
    }

    @Override
    protected void closeStore() {
        // the JDK's HTTP client frees its connections when it is no longer referenced
    }
}
