package io.goakt.discovery;

import io.goakt.testsupport.DiscoveryTestStack;
import io.goakt.testsupport.MultiJvm;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member in its own JVM for {@link DnsDiscoveryProcessesTest}: joins cluster {@code args[0]} at control
 * port {@code args[1]} through DNS (A records of {@code args[2]} asked of the server {@code args[3]}, port range
 * {@code args[4]}), prints {@code view <size> <members>} for every view, and leaves after five minutes at the latest.
 */
public final class DnsMemberMain {

    private DnsMemberMain() {
    }

    public static void main(String[] args) throws Exception {
        MultiJvm.exitWhenParentExits();
        DnsDiscovery discovery = DnsDiscovery.builder()
                .query(args[2])
                .resolver(args[3])
                .portRange(Integer.parseInt(args[4]))
                .build();
        CountDownLatch untilKilled = new CountDownLatch(1);
        try (JChannel channel = DiscoveryTestStack.connect(discovery, args[0], Integer.parseInt(args[1]))) {
            channel.setReceiver(new Receiver() {
                @Override
                public void viewAccepted(View view) {
                    System.out.println("view " + view.size() + " " + view.getMembers());
                    System.out.flush();
                }
            });
            System.out.println("view " + channel.getView().size() + " " + channel.getView().getMembers());
            System.out.flush();
            // bounded: a member the test forgot ends by itself
            untilKilled.await(5, TimeUnit.MINUTES);
        }
    }
}
