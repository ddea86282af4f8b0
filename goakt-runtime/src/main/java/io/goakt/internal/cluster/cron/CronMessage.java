package io.goakt.internal.cluster.cron;

import io.goakt.cluster.ClusterCron;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster cron's messages and their binary form on the control plane (topic
 * {@link ClusterCronService#TOPIC}): a type byte, then the type's fields. Input is treated as hostile: counts and
 * lengths are checked against limits before anything is allocated.
 *
 * <p>Immutable records; any thread.
 */
sealed interface CronMessage {

    /** The most entries one {@link Table} carries. */
    int MAX_ENTRIES = 100_000;
    /** The largest message wire form a schedule may carry. */
    int MAX_MESSAGE_BYTES = 64 * 1024;

    /** Entries to merge into the receiver's replica; {@code requestId} answers a {@link SyncRequest}, 0 otherwise. */
    record Table(long requestId, List<CronEntry> entries) implements CronMessage {
    }

    /**
     * The runner fires {@code tick} of the write {@code (version, origin)} of {@code key}; the receiver records it
     * and answers with a {@link FiredAck} of {@code ackId}.
     */
    record Fired(String key, long version, String origin, long tick, long ackId) implements CronMessage {
    }

    /** The sender recorded the {@link Fired} with {@code ackId}. */
    record FiredAck(long ackId) implements CronMessage {
    }

    /** The receiver answers with its whole replica, as a {@link Table} with this request id. */
    record SyncRequest(long requestId) implements CronMessage {
    }

    byte TABLE = 1;
    byte FIRED = 2;
    byte SYNC_REQUEST = 3;
    byte FIRED_ACK = 4;

    /** The message's bytes. */
    static byte[] encode(CronMessage m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (m instanceof Table t) {
                out.writeByte(TABLE);
                out.writeLong(t.requestId());
                out.writeInt(t.entries().size());
                for (CronEntry e : t.entries()) {
                    writeEntry(out, e);
                }
            } else if (m instanceof Fired f) {
                out.writeByte(FIRED);
                out.writeUTF(f.key());
                out.writeLong(f.version());
                out.writeUTF(f.origin());
                out.writeLong(f.tick());
                out.writeLong(f.ackId());
            } else if (m instanceof FiredAck a) {
                out.writeByte(FIRED_ACK);
                out.writeLong(a.ackId());
            } else if (m instanceof SyncRequest s) {
                out.writeByte(SYNC_REQUEST);
                out.writeLong(s.requestId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeEntry(DataOutputStream out, CronEntry e) throws IOException {
        out.writeUTF(e.key());
        out.writeLong(e.version());
        out.writeUTF(e.origin());
        out.writeBoolean(e.cancelled());
        out.writeLong(e.lastFired());
        if (!e.cancelled()) {
            out.writeUTF(e.expression());
            out.writeUTF(e.zone());
            out.writeByte(e.target().kind().ordinal());
            out.writeUTF(e.target().name());
            out.writeUTF(e.typeId());
            out.writeInt(e.message().length);
            out.write(e.message());
        }
    }

    /** The message {@code body} encodes. */
    static CronMessage decode(byte[] body) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            byte type = in.readByte();
            switch (type) {
                case TABLE -> {
                    long requestId = in.readLong();
                    int n = in.readInt();
                    if (n < 0 || n > MAX_ENTRIES) {
                        throw new IOException("cron table of " + n + " entries (limit " + MAX_ENTRIES + ")");
                    }
                    List<CronEntry> entries = new ArrayList<>(Math.min(n, 1024));
                    for (int i = 0; i < n; i++) {
                        entries.add(readEntry(in));
                    }
                    return new Table(requestId, entries);
                }
                case FIRED -> {
                    return new Fired(in.readUTF(), in.readLong(), in.readUTF(), in.readLong(), in.readLong());
                }
                case FIRED_ACK -> {
                    return new FiredAck(in.readLong());
                }
                case SYNC_REQUEST -> {
                    return new SyncRequest(in.readLong());
                }
                default -> throw new IOException("unknown cron message type " + type);
            }
        }
    }

    private static CronEntry readEntry(DataInputStream in) throws IOException {
        String key = in.readUTF();
        long version = in.readLong();
        String origin = in.readUTF();
        boolean cancelled = in.readBoolean();
        long lastFired = in.readLong();
        if (cancelled) {
            return new CronEntry(key, version, origin, null, null, null, null, null, lastFired, true);
        }
        String expression = in.readUTF();
        String zone = in.readUTF();
        int kind = in.readByte();
        ClusterCron.Target.Kind[] kinds = ClusterCron.Target.Kind.values();
        if (kind < 0 || kind >= kinds.length) {
            throw new IOException("unknown cron target kind " + kind);
        }
        String targetName = in.readUTF();
        ClusterCron.Target target;
        try {
            target = kinds[kind] == ClusterCron.Target.Kind.SINGLETON ? ClusterCron.Target.singleton(targetName)
                    : ClusterCron.Target.namedActor(targetName);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        String typeId = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > MAX_MESSAGE_BYTES) {
            throw new IOException("cron message of " + length + " bytes (limit " + MAX_MESSAGE_BYTES + ")");
        }
        byte[] message = new byte[length];
        in.readFully(message);
        return new CronEntry(key, version, origin, expression, zone, target, typeId, message, lastFired, false);
    }
}
