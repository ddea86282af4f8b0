package io.goakt.internal.cluster;

import io.goakt.cluster.Member;
import io.goakt.remote.Endpoint;
import org.jgroups.Address;
import org.jgroups.stack.AddressGenerator;
import org.jgroups.util.ExtendedUUID;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A member's metadata in its JGroups address: the address is an {@link ExtendedUUID} with one key, {@code goakt},
 * whose value holds the member's id, control-plane host and port, remoting endpoint, roles and protocol version.
 * JGroups ships addresses inside every view and every message header, so each member learns every other member's
 * metadata from the view alone, with no extra message and no window in which a member is known but its endpoint is
 * not. The metadata is fixed for the life of the member. One key with a compact binary value keeps the address
 * small (it travels with every control-plane message) and JGroups' log lines short (it prints a binary value as its
 * size).
 *
 * <p>Value layout, in {@link DataOutputStream} encoding: format (byte, 1), id (UTF), host (UTF), control port
 * (short), remoting host (UTF), remoting port (short), role count (short) and roles (UTF each), protocol version
 * (int). A later format may append fields; a reader reads the fields it knows and ignores the rest.
 *
 * <p>Threading: immutable; any thread.
 */
final class MemberAddresses implements AddressGenerator {

    private static final String KEY = "goakt";
    private static final byte FORMAT = 1;

    private final Member self;
    private final byte[] encoded;

    MemberAddresses(Member self) {
        this.self = self;
        this.encoded = encode(self);
    }

    /** Generates this member's address; JGroups calls it once per connect. */
    @Override
    public Address generateAddress() {
        return generateAddress(self.id());
    }

    @Override
    public Address generateAddress(String name) {
        return ExtendedUUID.randomUUID(name).put(KEY, encoded.clone());
    }

    static byte[] encode(Member m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeUTF(m.id());
            out.writeUTF(m.host());
            out.writeShort(m.controlPort());
            out.writeUTF(m.remoting().host());
            out.writeShort(m.remoting().port());
            out.writeShort(m.roles().size());
            for (String role : m.roles()) {
                out.writeUTF(role);
            }
            out.writeInt(m.protocolVersion());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The member an address describes, or {@code null} for an address without goakt metadata, which no member of a
     * goakt cluster has: {@link CompatibilityToken} refuses a joiner that is not a goakt member.
     */
    static Member decode(Address address) {
        if (!(address instanceof ExtendedUUID uuid)) {
            return null;
        }
        byte[] value = uuid.get(KEY);
        if (value == null) {
            return null;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
            if (in.readByte() < FORMAT) {
                return null;
            }
            String id = in.readUTF();
            String host = in.readUTF();
            int port = in.readUnsignedShort();
            Endpoint remoting = new Endpoint(in.readUTF(), in.readUnsignedShort());
            int roleCount = in.readUnsignedShort();
            Set<String> roles = new HashSet<>();
            for (int i = 0; i < roleCount; i++) {
                roles.add(in.readUTF());
            }
            return new Member(id, host, port, remoting, roles, in.readInt());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
