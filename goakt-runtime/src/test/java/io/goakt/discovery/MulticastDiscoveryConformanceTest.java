package io.goakt.discovery;

import io.goakt.testsupport.FreePorts;
import io.goakt.testsupport.LoopbackMulticast;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code multicast} provider through the shared {@link DiscoveryConformance} suite, kept off the machine's
 * network: the loopback interface, TTL 0, a group and port of its own. Skipped, naming why, where the kernel does
 * not deliver multicast on loopback ({@link LoopbackMulticast}).
 */
class MulticastDiscoveryConformanceTest extends DiscoveryConformance {

    @Override
    protected Discovery discovery(List<InetSocketAddress> members) throws Exception {
        // a group of its own, so a concurrent test on this host never answers
        String group = "239.192." + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(1, 255);
        int port = FreePorts.tcpAndUdp();
        LoopbackMulticast.requireDelivery(InetAddress.getByName(group), port);
        return MulticastDiscovery.builder().group(group).port(port).ttl(0)
                .networkInterface(LoopbackMulticast.loopback().getName()).build();
    }
}
