package io.goakt.internal.cluster.registry;

import io.goakt.actor.Address;
import io.goakt.cluster.Placement;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's messages on the control plane and their binary form: a type byte, then the fields written with
 * {@link DataOutputStream} (strings as modified UTF-8). {@link #decode} treats the bytes as hostile: every list
 * length is checked against the bytes left before anything is allocated, and malformed input is refused with an
 * {@link IOException}.
 *
 * <p>Who sends what: a member asks the name's arbiter with {@link Claim} (unicast) and gets a {@link ClaimReply};
 * owners broadcast {@link Entries} (one new registration, or all they own after a view change or on
 * {@link SyncRequest}) and {@link Unregistered}; a requester withdraws a grant it could not use with
 * {@link Release}, which the arbiter confirms; every member broadcasts {@link Load} periodically; a placed spawn
 * is asked of the chosen member with {@link SpawnKind} and answered by {@link SpawnKindReply}. An owner that
 * stopped its relocatable actors (leaving gracefully, or on losing quorum) broadcasts {@link HandedOver}; a member
 * holding entries of vanished relocatable actors sends them to the names' arbiter with {@link Relocate}.
 */
sealed interface RegistryMessage {

    /** Asks the arbiter for {@code name}, as seen in view {@code viewId}. */
    record Claim(long requestId, String name, long viewId) implements RegistryMessage {
    }

    /** The arbiter's answer to a {@link Claim} or a {@link Release}: one of the {@code ClaimReply} codes. */
    record ClaimReply(long requestId, byte code) implements RegistryMessage {
        static final byte GRANTED = 1;
        static final byte TAKEN = 2;
        static final byte RETRY = 3;
        static final byte NO_QUORUM = 4;
        /** The answer to a {@link Release}. */
        static final byte RELEASED = 5;
    }

    /** Entries of their sender, who owns them. */
    record Entries(List<RegistryEntry> entries) implements RegistryMessage {
    }

    /** The actor of an entry stopped. */
    record Unregistered(String name, String ownerId, long uid) implements RegistryMessage {
    }

    /** A grant its requester did not use. */
    record Release(String name, long requestId) implements RegistryMessage {
    }

    /** Asks every member to broadcast its own entries again. */
    record SyncRequest() implements RegistryMessage {
    }

    /** The sender's load and the actor kinds it lets others spawn. */
    record Load(int actors, long backlog, List<String> kinds) implements RegistryMessage {
    }

    /**
     * Asks the receiver to spawn {@code kind} under the cluster-unique {@code name}; {@code relocatable} and
     * {@code placement} go into the entry, and so does {@code replaces} (the entry a relocation spawns a successor
     * of, or null).
     */
    record SpawnKind(long requestId, String name, String kind, boolean relocatable, Placement placement,
                     RegistryEntry replaces) implements RegistryMessage {
    }

    /** The answer to a {@link SpawnKind}: the entry, or a failure code and message. */
    record SpawnKindReply(long requestId, byte code, RegistryEntry entry, String error) implements RegistryMessage {
        static final byte OK = 0;
        static final byte EXISTS = 1;
        static final byte NO_QUORUM = 2;
        static final byte FAILED = 3;
    }

    /** The sender stopped the actors of these entries, which it owned, so that another member spawns them. */
    record HandedOver(List<RegistryEntry> entries) implements RegistryMessage {
    }

    /** Entries of relocatable actors whose owner vanished, for the arbiter of their names to spawn again. */
    record Relocate(List<RegistryEntry> entries) implements RegistryMessage {
    }

    byte T_CLAIM = 1;
    byte T_CLAIM_REPLY = 2;
    byte T_ENTRIES = 3;
    byte T_UNREGISTERED = 4;
    byte T_RELEASE = 5;
    byte T_SYNC = 6;
    byte T_LOAD = 7;
    byte T_SPAWN = 8;
    byte T_SPAWN_REPLY = 9;
    byte T_HANDED_OVER = 10;
    byte T_RELOCATE = 11;

    /** The bytes of {@code msg}. */
    static byte[] encode(RegistryMessage msg) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (msg instanceof Claim c) {
                out.writeByte(T_CLAIM);
                out.writeLong(c.requestId());
                out.writeUTF(c.name());
                out.writeLong(c.viewId());
            } else if (msg instanceof ClaimReply r) {
                out.writeByte(T_CLAIM_REPLY);
                out.writeLong(r.requestId());
                out.writeByte(r.code());
            } else if (msg instanceof Entries e) {
                writeEntries(out, T_ENTRIES, e.entries());
            } else if (msg instanceof HandedOver h) {
                writeEntries(out, T_HANDED_OVER, h.entries());
            } else if (msg instanceof Relocate r) {
                writeEntries(out, T_RELOCATE, r.entries());
            } else if (msg instanceof Unregistered u) {
                out.writeByte(T_UNREGISTERED);
                out.writeUTF(u.name());
                out.writeUTF(u.ownerId());
                out.writeLong(u.uid());
            } else if (msg instanceof Release r) {
                out.writeByte(T_RELEASE);
                out.writeUTF(r.name());
                out.writeLong(r.requestId());
            } else if (msg instanceof SyncRequest) {
                out.writeByte(T_SYNC);
            } else if (msg instanceof Load l) {
                out.writeByte(T_LOAD);
                out.writeInt(l.actors());
                out.writeLong(l.backlog());
                out.writeInt(l.kinds().size());
                for (String k : l.kinds()) {
                    out.writeUTF(k);
                }
            } else if (msg instanceof SpawnKind s) {
                out.writeByte(T_SPAWN);
                out.writeLong(s.requestId());
                out.writeUTF(s.name());
                out.writeUTF(s.kind());
                out.writeBoolean(s.relocatable());
                writePlacement(out, s.placement());
                out.writeBoolean(s.replaces() != null);
                if (s.replaces() != null) {
                    writeEntry(out, s.replaces());
                }
            } else if (msg instanceof SpawnKindReply r) {
                out.writeByte(T_SPAWN_REPLY);
                out.writeLong(r.requestId());
                out.writeByte(r.code());
                out.writeBoolean(r.entry() != null);
                if (r.entry() != null) {
                    writeEntry(out, r.entry());
                }
                out.writeUTF(r.error() != null ? r.error() : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The message in {@code bytes}.
     *
     * @throws IOException when the bytes are not a registry message
     */
    static RegistryMessage decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        byte type = in.readByte();
        RegistryMessage msg = switch (type) {
            case T_CLAIM -> new Claim(in.readLong(), in.readUTF(), in.readLong());
            case T_CLAIM_REPLY -> new ClaimReply(in.readLong(), in.readByte());
            case T_ENTRIES -> new Entries(readEntries(in));
            case T_HANDED_OVER -> new HandedOver(readEntries(in));
            case T_RELOCATE -> new Relocate(readEntries(in));
            case T_UNREGISTERED -> new Unregistered(in.readUTF(), in.readUTF(), in.readLong());
            case T_RELEASE -> new Release(in.readUTF(), in.readLong());
            case T_SYNC -> new SyncRequest();
            case T_LOAD -> {
                int actors = in.readInt();
                long backlog = in.readLong();
                int n = count(in, 2);
                List<String> kinds = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    kinds.add(in.readUTF());
                }
                yield new Load(actors, backlog, kinds);
            }
            case T_SPAWN -> new SpawnKind(in.readLong(), in.readUTF(), in.readUTF(), in.readBoolean(),
                    readPlacement(in), in.readBoolean() ? readEntry(in) : null);
            case T_SPAWN_REPLY -> {
                long id = in.readLong();
                byte code = in.readByte();
                RegistryEntry entry = in.readBoolean() ? readEntry(in) : null;
                yield new SpawnKindReply(id, code, entry, in.readUTF());
            }
            default -> throw new IOException("unknown registry message type " + type);
        };
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after a registry message of type " + type);
        }
        return msg;
    }

    /** A list length, checked against the bytes left at {@code minBytes} per element. */
    private static int count(DataInputStream in, int minBytes) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * minBytes > in.available()) {
            throw new IOException("list of " + n + " elements in " + in.available() + " bytes");
        }
        return n;
    }

    private static void writeEntries(DataOutputStream out, byte type, List<RegistryEntry> entries)
            throws IOException {
        out.writeByte(type);
        out.writeInt(entries.size());
        for (RegistryEntry entry : entries) {
            writeEntry(out, entry);
        }
    }

    private static List<RegistryEntry> readEntries(DataInputStream in) throws IOException {
        int n = count(in, 30);
        List<RegistryEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(readEntry(in));
        }
        return entries;
    }

    /** A placement as its strategy's ordinal and its role (empty for none). */
    private static void writePlacement(DataOutputStream out, Placement p) throws IOException {
        out.writeByte(p.strategy().ordinal());
        out.writeUTF(p.role().orElse(""));
    }

    private static Placement readPlacement(DataInputStream in) throws IOException {
        int ordinal = in.readUnsignedByte();
        String role = in.readUTF();
        Placement.Strategy[] strategies = Placement.Strategy.values();
        if (ordinal >= strategies.length) {
            throw new IOException("unknown placement strategy " + ordinal);
        }
        Placement p = switch (strategies[ordinal]) {
            case ROUND_ROBIN -> Placement.roundRobin();
            case RANDOM -> Placement.random();
            case LEAST_LOADED -> Placement.leastLoaded();
            case LOCAL -> Placement.local();
        };
        try {
            return role.isEmpty() ? p : p.inRole(role);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad placement role: " + e.getMessage(), e);
        }
    }

    private static void writeEntry(DataOutputStream out, RegistryEntry e) throws IOException {
        out.writeUTF(e.name());
        out.writeUTF(e.ownerId());
        Address a = e.address();
        out.writeUTF(a.system());
        out.writeUTF(a.host() != null ? a.host() : "");
        out.writeShort(a.port());
        out.writeUTF(a.path());
        out.writeLong(e.uid());
        out.writeLong(e.registeredAt());
        out.writeLong(e.viewId());
        out.writeLong(e.ownerSince());
        out.writeUTF(e.kind());
        out.writeBoolean(e.relocatable());
        writePlacement(out, e.placement());
        out.writeUTF(e.replacedOwnerId());
        out.writeLong(e.replacedUid());
    }

    private static RegistryEntry readEntry(DataInputStream in) throws IOException {
        String name = in.readUTF();
        String owner = in.readUTF();
        String system = in.readUTF();
        String host = in.readUTF();
        int port = in.readUnsignedShort();
        String path = in.readUTF();
        long uid = in.readLong();
        long registeredAt = in.readLong();
        long viewId = in.readLong();
        long ownerSince = in.readLong();
        String kind = in.readUTF();
        boolean relocatable = in.readBoolean();
        Placement placement = readPlacement(in);
        String replacedOwnerId = in.readUTF();
        long replacedUid = in.readLong();
        try {
            return new RegistryEntry(name, owner, new Address(system, host.isEmpty() ? null : host, port, path),
                    uid, registeredAt, viewId, ownerSince, kind, relocatable, placement, replacedOwnerId,
                    replacedUid);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad registry entry for " + name + ": " + e.getMessage(), e);
        }
    }
}
