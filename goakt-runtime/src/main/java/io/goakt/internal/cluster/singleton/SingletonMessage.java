package io.goakt.internal.cluster.singleton;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The singleton protocol's messages and their binary form on the control plane (topic
 * {@link SingletonService#TOPIC}): a type byte, the singleton's name, then the type's fields.
 *
 * <p>Immutable records; any thread.
 */
sealed interface SingletonMessage {

    /** The singleton's name. */
    String name();

    /** The sender runs an instance of {@code name} as {@code /user/<actorName>} of system {@code systemName}. */
    record Started(String name, String systemName, String actorName) implements SingletonMessage {
    }

    /** The sender stops its instance of {@code name}: send nothing more to it. */
    record Stopping(String name) implements SingletonMessage {
    }

    /** The answer to {@link Stopping}: the sender's proxy holds messages for {@code name} from now on. */
    record StoppingAck(String name) implements SingletonMessage {
    }

    /**
     * The sender's instance of {@code name} has stopped ({@code postStop} ran). {@code handover}: the sender leaves
     * the cluster and never runs a singleton again, so the next member may start it at once.
     */
    record Stopped(String name, boolean handover) implements SingletonMessage {
    }

    /** Does an instance of {@code name} run (or stop) on the receiver? Answered by {@link ProbeReply}. */
    record Probe(String name, long probeId) implements SingletonMessage {
    }

    /** The answer to {@link Probe} {@code probeId}: whether an instance runs or is still stopping here. */
    record ProbeReply(String name, long probeId, boolean running) implements SingletonMessage {
    }

    /** The receiver announces ({@link Started}) every instance it runs, to the sender; the name is empty. */
    record Sync(String name) implements SingletonMessage {
    }

    /** The message's bytes. */
    static byte[] encode(SingletonMessage m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(typeOf(m));
            out.writeUTF(m.name());
            if (m instanceof Started s) {
                out.writeUTF(s.systemName());
                out.writeUTF(s.actorName());
            } else if (m instanceof Stopped s) {
                out.writeBoolean(s.handover());
            } else if (m instanceof Probe p) {
                out.writeLong(p.probeId());
            } else if (m instanceof ProbeReply r) {
                out.writeLong(r.probeId());
                out.writeBoolean(r.running());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int typeOf(SingletonMessage m) {
        if (m instanceof Started) {
            return 1;
        } else if (m instanceof Stopping) {
            return 2;
        } else if (m instanceof Stopped) {
            return 3;
        } else if (m instanceof Probe) {
            return 4;
        } else if (m instanceof ProbeReply) {
            return 5;
        } else if (m instanceof Sync) {
            return 6;
        }
        return 7;
    }

    /** The message in {@code body}; fails with {@link IOException} on bytes that are not one. */
    static SingletonMessage decode(byte[] body) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int type = in.readByte();
            String name = in.readUTF();
            return switch (type) {
                case 1 -> new Started(name, in.readUTF(), in.readUTF());
                case 2 -> new Stopping(name);
                case 3 -> new Stopped(name, in.readBoolean());
                case 4 -> new Probe(name, in.readLong());
                case 5 -> new ProbeReply(name, in.readLong(), in.readBoolean());
                case 6 -> new Sync(name);
                case 7 -> new StoppingAck(name);
                default -> throw new IOException("unknown singleton message type " + type);
            };
        }
    }
}
