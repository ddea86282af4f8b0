package io.goakt.internal.discovery;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.PhysicalAddress;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FILE_PING;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.PingData;
import org.jgroups.util.NameCache;
import org.jgroups.util.Responses;
import org.jgroups.util.UUID;
import org.jgroups.util.Util;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A JGroups discovery protocol whose members find each other in a shared store (etcd, NATS): each member keeps one
 * entry of its own there (its logical address, name, physical address and whether it coordinates, as JGroups'
 * {@link PingData}), and discovery reads everyone's entries.
 *
 * <p><b>The entry's life.</b> A member registers when it first looks for the others ({@link #findMembers}), again
 * after every view change (its coordinator flag may have changed) and whenever the store lost it; a refresh task
 * every {@code refreshInterval} keeps it alive ({@link #keepAlive}, e.g. an etcd lease keep-alive) and, when the
 * store says the registration is gone (the lease expired, the server restarted without its data), registers anew.
 * The entry lives only as long as its member refreshes it (a lease, a TTL, a subscription), so a member that dies
 * without leaving disappears from the store by itself. A member that stops removes its entry at once.
 *
 * <p><b>Reading.</b> {@link #findMembers} lists the store and answers every other member's entry as a discovery
 * response; a joining member also sends its own address to every member it found (as a discovery response), so the
 * coordinator can reach it as soon as its join request arrives; the refresh task lists it too and teaches the transport every member's physical address, so a member
 * whose store was unreachable when it started still meets the others (MERGE3 then merges the views). A store that
 * cannot be reached makes discovery find no one for that round; it never fails the stack.
 *
 * <p>Threading: {@link #findMembers} runs on JGroups' threads (the joiner, MERGE3's timer, the transport's
 * who-has lookups), the refresh task on this protocol's own scheduler thread; subclasses' store calls must be safe
 * from both. {@link #register} is serialized on {@code this}.
 */
public abstract class MemberStorePing extends Discovery {

    private final Duration refreshInterval;
    private final String threadName;

    /** Written in start, read by later calls; volatile. */
    private volatile ScheduledExecutorService scheduler;
    /** Whether the store holds this member's current entry; volatile, written under {@code this}. */
    private volatile boolean registered;
    /** Whether the last store call succeeded, for logging changes only; volatile, any thread (a race logs twice). */
    private volatile boolean storeReachable = true;

    protected MemberStorePing(Duration refreshInterval, String threadName) {
        this.refreshInterval = refreshInterval;
        this.threadName = threadName;
        // Headers of a protocol are keyed by its id, which JGroups knows only for its own classes; a stack has one
        // discovery protocol, so this one takes the id of JGroups' store-based discovery, FILE_PING.
        setId(ClassConfigurator.getProtocolId(FILE_PING.class));
    }

    /** Connects to the store; called by {@link #start()}. */
    protected abstract void openStore() throws Exception;

    /** Writes (or rewrites) this member's entry {@code member} with {@code data}. */
    protected abstract void putEntry(String member, byte[] data) throws Exception;

    /** Keeps this member's entry alive; false when the store no longer holds it and it must be put again. */
    protected abstract boolean keepAlive() throws Exception;

    /** Every member's entry in the store, this member's included. */
    protected abstract List<byte[]> listEntries() throws Exception;

    /** Removes this member's entry {@code member}; bounded. */
    protected abstract void removeEntry(String member) throws Exception;

    /** Disconnects from the store; called by {@link #stop()} after the entry was removed. */
    protected abstract void closeStore();

    @Override
    public boolean isDynamic() {
        return true;
    }

    @Override
    public void start() throws Exception {
        super.start();
        openStore();
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        scheduler = s;
        long every = refreshInterval.toMillis();
        s.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (local_addr != null) {
            try {
                removeEntry(memberKey());
            } catch (Exception e) {
                log.debug("%s: removing the discovery entry failed: %s", local_addr, e);
            }
        }
        registered = false;
        closeStore();
        super.stop();
    }

    @Override
    public Object down(Event evt) {
        Object result = super.down(evt);
        if (evt.getType() == Event.VIEW_CHANGE) {
            ScheduledExecutorService s = scheduler;
            if (s != null && !s.isShutdown()) {
                // the coordinator flag of the entry follows the view; off the view-installing thread
                try {
                    s.execute(this::registerQuietly);
                } catch (RejectedExecutionException stopping) {
                    // the protocol is stopping: its entry goes away
                }
            }
        }
        return result;
    }

    @Override
    protected void findMembers(List<Address> members, boolean initialDiscovery, Responses responses) {
        try {
            if (!registered) {
                register();
            }
            PhysicalAddress physical = initialDiscovery ? physicalAddress() : null;
            for (PingData data : readAll()) {
                if (data.getAddress().equals(local_addr)) {
                    continue;
                }
                // Discovery's own addResponse hands the entry to the callback of an asynchronous lookup too: MERGE3
                // sends its INFO to what that callback gets, which is how split clusters find each other.
                addResponse(data, data.isCoord());
                responses.addResponse(data, data.isCoord());
                addDiscoveryResponseToCaches(data.getAddress(), data.getLogicalName(), data.getPhysicalAddr());
                if (physical != null) {
                    // A joiner tells each member its address now: the coordinator it joins must reach it to answer
                    // the join and to watch it, and would otherwise look it up only when it first has to send.
                    sendDiscoveryResponse(local_addr, physical, NameCache.get(local_addr), data.getAddress(),
                            is_coord);
                }
            }
            reachable(true);
        } catch (Exception e) {
            reachable(false);
            log.debug("%s: discovery store not reachable, no members found this round: %s", local_addr, e);
        } finally {
            responses.done();
        }
    }

    /** Logs the store going away and coming back once each, not on every round. */
    private void reachable(boolean now) {
        if (storeReachable != now) {
            storeReachable = now;
            if (now) {
                log.info("%s: discovery store reachable again", local_addr);
            } else {
                log.warn("%s: discovery store not reachable; discovery finds no one until it is back (a formed "
                        + "cluster does not need it)", local_addr);
            }
        }
    }

    /** Whether the store holds this member's current entry, as far as this member knows. */
    public boolean isRegistered() {
        return registered;
    }

    /** The key of this member's entry: its logical address as a UUID string. */
    protected final String memberKey() {
        return local_addr instanceof UUID uuid ? uuid.toStringLong() : String.valueOf(local_addr);
    }

    /** The refresh task: keep the entry alive, register anew when it is gone, learn everyone's address. */
    private void refresh() {
        if (local_addr == null || cluster_name == null) {
            return; // not connected yet
        }
        try {
            if (!registered || !keepAlive()) {
                registered = false;
                register();
            }
            for (PingData data : readAll()) {
                if (!data.getAddress().equals(local_addr)) {
                    addDiscoveryResponseToCaches(data.getAddress(), data.getLogicalName(), data.getPhysicalAddr());
                }
            }
            reachable(true);
        } catch (Exception e) {
            registered = false;
            reachable(false);
            log.debug("%s: discovery refresh failed, registering again next round: %s", local_addr, e);
        }
    }

    private void registerQuietly() {
        try {
            register();
        } catch (Exception e) {
            registered = false;
            log.debug("%s: updating the discovery entry failed: %s", local_addr, e);
        }
    }

    /** Writes this member's entry as it is now; does nothing before the transport knows its address. */
    protected synchronized void register() throws Exception {
        if (local_addr == null || cluster_name == null) {
            return;
        }
        PhysicalAddress physical = physicalAddress();
        if (physical == null) {
            return;
        }
        PingData own = new PingData(local_addr, is_server, NameCache.get(local_addr), physical).coord(is_coord);
        putEntry(memberKey(), Util.streamableToByteBuffer(own));
        registered = true;
    }

    /** Adds the address in another member's entry {@code entry} to the transport's cache; any thread. */
    protected final void learn(byte[] entry) {
        try {
            PingData data = Util.streamableFromByteBuffer(PingData::new, entry);
            if (!data.getAddress().equals(local_addr)) {
                addDiscoveryResponseToCaches(data.getAddress(), data.getLogicalName(), data.getPhysicalAddr());
            }
        } catch (Exception e) {
            log.debug("%s: ignoring a discovery entry that is not PingData: %s", local_addr, e);
        }
    }

    private PhysicalAddress physicalAddress() {
        return (PhysicalAddress) down_prot.down(new Event(Event.GET_PHYSICAL_ADDRESS, local_addr));
    }

    private List<PingData> readAll() throws Exception {
        List<PingData> all = new ArrayList<>();
        for (byte[] entry : listEntries()) {
            try {
                all.add(Util.streamableFromByteBuffer(PingData::new, entry));
            } catch (Exception e) {
                log.debug("%s: ignoring a discovery entry that is not PingData: %s", local_addr, e);
            }
        }
        return all;
    }
}
