package io.goakt.internal.cluster;

import io.goakt.cluster.Member;
import io.goakt.remote.Endpoint;
import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MemberAddressesTest {

    private static final Member MEMBER = new Member("orders@10.0.0.5:7355#00ab12", "10.0.0.5", 7800,
            new Endpoint("10.0.0.5", 7355), Set.of("api", "worker"), 1);

    @Test
    void aMembersMetadataSurvivesTheWireInsideItsAddress() throws Exception {
        ExtendedUUID address = (ExtendedUUID) new MemberAddresses(MEMBER).generateAddress();
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream();
        address.writeTo(out);
        ExtendedUUID read = new ExtendedUUID();
        read.readFrom(new ByteArrayDataInputStream(out.buffer(), 0, out.position()));

        assertThat(read).isEqualTo(address);
        assertThat(MemberAddresses.decode(read)).isEqualTo(MEMBER);
    }

    @Test
    void aMemberWithoutRolesDecodesWithNone() {
        Member plain = new Member("a@127.0.0.1:1#000000", "127.0.0.1", 2, new Endpoint("127.0.0.1", 1), Set.of(), 0);
        assertThat(MemberAddresses.decode(new MemberAddresses(plain).generateAddress())).isEqualTo(plain);
    }

    @Test
    void anAddressWithoutGoaktMetadataDecodesToNothing() {
        assertThat(MemberAddresses.decode(UUID.randomUUID())).isNull();
        assertThat(MemberAddresses.decode(ExtendedUUID.randomUUID())).isNull();
        assertThat(MemberAddresses.decode(ExtendedUUID.randomUUID().put("goakt", new byte[]{1, 0}))).isNull();
    }
}
