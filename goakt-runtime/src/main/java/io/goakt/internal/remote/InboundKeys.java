package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.Arrays;

/**
 * The reading side of one connection's key tables (see {@link OutboundKeys}): binds the keys that arrive with the
 * name they stand for, and turns each envelope's names, in full or by key, into an {@link InboundEnvelope}. A
 * name bound to a key is held as the object first decoded, so later envelopes hand the engine the same strings
 * (with their hash codes already computed) instead of fresh copies. The ref the engine makes of a sender bound to a
 * key is kept beside it ({@link #senderRef}, {@link #keepSenderRef}), so a stream of tells from one actor gets one
 * sender ref, not one per message; binding the key again drops it.
 *
 * <p>Threading: not thread-safe; the connection's event loop only.
 */
public final class InboundKeys {

    private ActorRefData[] refs = new ActorRefData[16];
    private String[] types = new String[16];
    /** The engine's ref for {@code refs[k]}, or null; dropped whenever key k is bound again. */
    private Object[] senderRefs = new Object[16];

    /**
     * The envelope with its names resolved.
     *
     * @throws CorruptedFrameException for a key out of range, or one used before it was bound on this connection
     */
    public InboundEnvelope resolve(Envelope env, int frameBytes) {
        return resolve(WireEnvelope.of(env), frameBytes);
    }

    /** As {@link #resolve(Envelope, int)}, for the fields {@link EnvelopeReader} read. */
    public InboundEnvelope resolve(WireEnvelope env, int frameBytes) {
        ActorRefData sender = env.hasSender() ? env.getSender() : null;
        if (env.getSenderKey() != 0) {
            sender = sender != null ? bindRef(env.getSenderKey(), sender, "sender") : ref(env.getSenderKey(), "sender");
        }
        ActorRefData receiver = env.hasReceiver() ? env.getReceiver() : null;
        if (env.getReceiverKey() != 0) {
            receiver = receiver != null ? bindRef(env.getReceiverKey(), receiver, "receiver")
                    : ref(env.getReceiverKey(), "receiver");
        }
        String typeId = env.getTypeId();
        int typeKey = env.getTypeKey();
        if (typeKey != 0) {
            check(typeKey, "type");
            if (!typeId.isEmpty()) {
                types = grow(types, typeKey);
                types[typeKey] = typeId;
            } else {
                typeId = typeKey < types.length ? types[typeKey] : null;
                if (typeId == null) {
                    throw unbound("type", typeKey);
                }
            }
        }
        return new InboundEnvelope(env, sender, receiver, typeId, frameBytes, this);
    }

    /**
     * The ref kept for the sender bound to {@code key}, if {@code sender} is still what the key stands for (the
     * object this table handed out); else null.
     */
    Object senderRef(int key, ActorRefData sender) {
        return key > 0 && key < refs.length && refs[key] == sender && key < senderRefs.length ? senderRefs[key] : null;
    }

    /** Keeps {@code ref}, the engine's ref for {@code sender}, while {@code key} stays bound to that sender. */
    void keepSenderRef(int key, ActorRefData sender, Object ref) {
        if (key > 0 && key < refs.length && refs[key] == sender) {
            senderRefs = grow(senderRefs, key);
            senderRefs[key] = ref;
        }
    }

    private ActorRefData bindRef(int key, ActorRefData d, String role) {
        check(key, role);
        refs = grow(refs, key);
        refs[key] = d;
        if (key < senderRefs.length) {
            senderRefs[key] = null;
        }
        return d;
    }

    private ActorRefData ref(int key, String role) {
        check(key, role);
        ActorRefData d = key < refs.length ? refs[key] : null;
        if (d == null) {
            throw unbound(role, key);
        }
        return d;
    }

    private static void check(int key, String role) {
        if (key < 0 || key > OutboundKeys.MAX_KEYS) { // a uint32 above 2^31 arrives negative
            throw new CorruptedFrameException(role + " key " + Integer.toUnsignedString(key) + " is out of range 1.."
                    + OutboundKeys.MAX_KEYS);
        }
    }

    private static CorruptedFrameException unbound(String role, int key) {
        return new CorruptedFrameException(role + " key " + key + " was never bound on this connection");
    }

    private static <T> T[] grow(T[] table, int key) {
        return key < table.length ? table : Arrays.copyOf(table, Math.min(OutboundKeys.MAX_KEYS + 1,
                Math.max(key + 1, table.length * 2)));
    }
}
