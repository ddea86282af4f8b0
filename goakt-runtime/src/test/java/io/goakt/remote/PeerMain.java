package io.goakt.remote;

import io.goakt.actor.ActorSystem;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;

import java.io.IOException;
import java.io.InputStream;

/**
 * A remoting node in its own JVM, for {@link SecondJvmTest}: prints {@code PORT <n>} once it listens, serves an
 * echo actor, and exits when its standard input closes (or when the test kills it).
 */
public final class PeerMain {

    private PeerMain() {
    }

    public static void main(String[] args) throws IOException {
        ActorSystem system = ActorSystem.create("peer");
        Remoting remoting = Remoting.start(system, RemotingConfig.builder()
                .serialization(Messages.serialization()).build());
        system.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p && !p.text().equals("silent")) {
                ctx.respond(new Pong(p.text() + " from " + system.name()));
            }
        });
        System.out.println("PORT " + remoting.endpoint().port());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        system.shutdown();
    }
}
