package io.goakt.internal.cluster.pubsub;

import io.goakt.actor.Address;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The clustered topics' messages on the control plane (topic {@link ClusterTopicRegistry#CONTROL_TOPIC}) and their
 * binary form: a type byte, then the fields written with {@link DataOutputStream} (strings as modified UTF-8).
 * {@link #decode} treats the bytes as hostile: every count is checked against the bytes left before anything is
 * allocated, and malformed input is refused with an {@link IOException}.
 *
 * <p>Who sends what: a member sends {@link Subscribed} and {@link Unsubscribed} to every other member as its own
 * subscriptions change, and {@link State}, everything it has, to members that joined, to every member after a merge
 * and in answer to a {@link SyncRequest}, which a member sends to every member when its topics start and after a
 * merge, and to each member that joined. A member sends all of these from one thread (its topic agent), each as a
 * unicast to each member, so they arrive in the order it decided them and a {@link State} never overtakes a delta.
 */
sealed interface TopicWire {

    byte SUBSCRIBED = 1;
    byte UNSUBSCRIBED = 2;
    byte STATE = 3;
    byte SYNC_REQUEST = 4;

    /** A subscriber of the sender's, identified by its address and incarnation. */
    record Subscriber(Address address, long uid) {
        /** The key the replica files it under. */
        String key() {
            return address + "#" + uid;
        }
    }

    /** The sender's subscribers of one topic and the relay actor that fans the topic's messages out to them. */
    record TopicState(String topic, Address relay, List<Subscriber> subscribers) {
    }

    /** {@code subscriber} joined {@code topic} at the sender, whose relay for it is {@code relay}. */
    record Subscribed(String topic, Address relay, Subscriber subscriber) implements TopicWire {
    }

    /** {@code subscriber} left {@code topic} at the sender (unsubscribed or stopped). */
    record Unsubscribed(String topic, Subscriber subscriber) implements TopicWire {
    }

    /** Every subscription of the sender: replaces what the receiver knew of it. */
    record State(List<TopicState> topics) implements TopicWire {
    }

    /** Asks the receivers to send their {@link State} to the sender. */
    record SyncRequest() implements TopicWire {
    }

    static byte[] encode(TopicWire msg) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (msg instanceof Subscribed s) {
                out.writeByte(SUBSCRIBED);
                out.writeUTF(s.topic());
                writeAddress(out, s.relay());
                writeSubscriber(out, s.subscriber());
            } else if (msg instanceof Unsubscribed u) {
                out.writeByte(UNSUBSCRIBED);
                out.writeUTF(u.topic());
                writeSubscriber(out, u.subscriber());
            } else if (msg instanceof State st) {
                out.writeByte(STATE);
                out.writeInt(st.topics().size());
                for (TopicState t : st.topics()) {
                    out.writeUTF(t.topic());
                    writeAddress(out, t.relay());
                    out.writeInt(t.subscribers().size());
                    for (Subscriber s : t.subscribers()) {
                        writeSubscriber(out, s);
                    }
                }
            } else {
                out.writeByte(SYNC_REQUEST);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail; a string over 64 KiB does
        }
        return bytes.toByteArray();
    }

    static TopicWire decode(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        byte type = in.readByte();
        TopicWire msg = switch (type) {
            case SUBSCRIBED -> new Subscribed(in.readUTF(), readAddress(in), readSubscriber(in));
            case UNSUBSCRIBED -> new Unsubscribed(in.readUTF(), readSubscriber(in));
            case STATE -> {
                int n = count(in);
                List<TopicState> topics = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String topic = in.readUTF();
                    Address relay = readAddress(in);
                    int k = count(in);
                    List<Subscriber> subs = new ArrayList<>(k);
                    for (int j = 0; j < k; j++) {
                        subs.add(readSubscriber(in));
                    }
                    topics.add(new TopicState(topic, relay, List.copyOf(subs)));
                }
                yield new State(List.copyOf(topics));
            }
            case SYNC_REQUEST -> new SyncRequest();
            default -> throw new IOException("unknown topic message type " + type);
        };
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes after a topic message of type " + type);
        }
        return msg;
    }

    /** A count of items that each take at least one byte, so it can never exceed the bytes left. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("count " + n + " exceeds the " + in.available() + " bytes left");
        }
        return n;
    }

    private static void writeAddress(DataOutputStream out, Address a) throws IOException {
        out.writeUTF(a.system());
        out.writeUTF(a.host() == null ? "" : a.host());
        out.writeInt(a.port());
        out.writeUTF(a.path());
    }

    private static Address readAddress(DataInputStream in) throws IOException {
        String system = in.readUTF();
        String host = in.readUTF();
        int port = in.readInt();
        String path = in.readUTF();
        if (host.isEmpty() || port <= 0 || port > 65535 || !path.startsWith("/")) {
            throw new IOException("invalid actor address " + system + "@" + host + ":" + port + path);
        }
        return new Address(system, host, port, path);
    }

    private static void writeSubscriber(DataOutputStream out, Subscriber s) throws IOException {
        writeAddress(out, s.address());
        out.writeLong(s.uid());
    }

    private static Subscriber readSubscriber(DataInputStream in) throws IOException {
        return new Subscriber(readAddress(in), in.readLong());
    }
}
