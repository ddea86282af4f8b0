package io.goakt.benchmarks.remote;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The remote scenario's messages and their encoding, shared by the goakt and the Pekko side so both put the same
 * bytes on the wire: a one-byte tag, then the fields (a payload is its long and its string as UTF-8).
 *
 * <p>Flow control, the same on both systems: the sender keeps at most {@link #WINDOW} payloads unacknowledged, and
 * the counter acknowledges every {@link #BATCH}th. Without a window Pekko's Artery drops what overflows its outbound
 * queue, and goakt would buffer without bound; neither measures a transport.
 */
public final class Wire {

    /** Payloads a sender may have in flight. */
    public static final int WINDOW = 20_000;
    /** The counter acknowledges every this many payloads. */
    public static final int BATCH = 1_000;
    /** The 16-byte string of every payload. */
    public static final String TEXT = "0123456789abcdef";

    /** The message that crosses the wire: a long and a 16-byte string. */
    public record Payload(long seq, String text) {
    }

    /** The counter has counted {@code count} payloads since the last {@link Reset}. */
    public record Ack(long count) {
    }

    /** Sets the counter back to zero; it answers {@code Ack(0)}. */
    public record Reset() {
    }

    private static final byte PAYLOAD = 1;
    private static final byte ACK = 2;
    private static final byte RESET = 3;

    private Wire() {
    }

    /** The bytes of one of the messages above. */
    public static byte[] encode(Object message) {
        if (message instanceof Payload p) {
            byte[] text = p.text().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 8 + text.length).put(PAYLOAD).putLong(p.seq()).put(text).array();
        }
        if (message instanceof Ack a) {
            return ByteBuffer.allocate(1 + 8).put(ACK).putLong(a.count()).array();
        }
        if (message instanceof Reset) {
            return new byte[] {RESET};
        }
        throw new IllegalArgumentException("not a wire message: " + message);
    }

    /** The message {@link #encode} wrote. */
    public static Object decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte tag = b.get();
        switch (tag) {
            case PAYLOAD -> {
                long seq = b.getLong();
                return new Payload(seq, new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8));
            }
            case ACK -> {
                return new Ack(b.getLong());
            }
            case RESET -> {
                return new Reset();
            }
            default -> throw new IllegalArgumentException("unknown wire tag " + tag);
        }
    }

    /**
     * The sender's window: how many payloads to send now, given how many were sent and acknowledged out of
     * {@code total}.
     */
    public static long toSend(long total, long sent, long acked) {
        return Math.max(0, Math.min(total - sent, WINDOW - (sent - acked)));
    }
}
