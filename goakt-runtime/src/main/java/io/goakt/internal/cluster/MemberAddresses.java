package io.goakt.internal.cluster;

import io.goakt.cluster.Member;
import io.goakt.remote.Endpoint;
import org.jgroups.Address;
import org.jgroups.stack.AddressGenerator;
import org.jgroups.util.ExtendedUUID;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A member's metadata in its JGroups address: the address is an {@link ExtendedUUID} whose keys hold the member's
 * id, control-plane host and port, remoting endpoint, roles and protocol version. JGroups ships addresses inside
 * every view and every message header, so each member learns every other member's metadata from the view alone,
 * with no extra message and no window in which a member is known but its endpoint is not. The metadata is fixed
 * for the life of the member; the keys are short because the address travels with every control-plane message.
 *
 * <p>Threading: immutable; any thread.
 */
final class MemberAddresses implements AddressGenerator {

    private static final String ID = "g.id";
    private static final String HOST = "g.h";
    private static final String PORT = "g.p";
    private static final String REMOTING_HOST = "g.rh";
    private static final String REMOTING_PORT = "g.rp";
    private static final String ROLES = "g.ro";
    private static final String VERSION = "g.v";

    private final Member self;

    MemberAddresses(Member self) {
        this.self = self;
    }

    /** Generates this member's address; JGroups calls it once per connect. */
    @Override
    public Address generateAddress() {
        return generateAddress(self.id());
    }

    @Override
    public Address generateAddress(String name) {
        ExtendedUUID uuid = ExtendedUUID.randomUUID(name);
        put(uuid, ID, self.id());
        put(uuid, HOST, self.host());
        put(uuid, PORT, Integer.toString(self.controlPort()));
        put(uuid, REMOTING_HOST, self.remoting().host());
        put(uuid, REMOTING_PORT, Integer.toString(self.remoting().port()));
        put(uuid, ROLES, self.roles().stream().sorted().collect(Collectors.joining(",")));
        put(uuid, VERSION, Integer.toString(self.protocolVersion()));
        return uuid;
    }

    /**
     * The member an address describes, or {@code null} for an address without (complete) goakt metadata, which no
     * member of a goakt cluster has: {@link CompatibilityToken} refuses a joiner that is not a goakt member.
     */
    static Member decode(Address address) {
        if (!(address instanceof ExtendedUUID uuid)) {
            return null;
        }
        try {
            String id = get(uuid, ID);
            String host = get(uuid, HOST);
            String port = get(uuid, PORT);
            String remotingHost = get(uuid, REMOTING_HOST);
            String remotingPort = get(uuid, REMOTING_PORT);
            // JGroups writes an empty value as no value, so a member without roles has none under the key.
            String roles = get(uuid, ROLES);
            String version = get(uuid, VERSION);
            if (id == null || host == null || port == null || remotingHost == null || remotingPort == null
                    || version == null) {
                return null;
            }
            Set<String> roleSet = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(roles.split(",")));
            return new Member(id, host, Integer.parseInt(port), new Endpoint(remotingHost,
                    Integer.parseInt(remotingPort)), roleSet, Integer.parseInt(version));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void put(ExtendedUUID uuid, String key, String value) {
        uuid.put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String get(ExtendedUUID uuid, String key) {
        byte[] value = uuid.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
