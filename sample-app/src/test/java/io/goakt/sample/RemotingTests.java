package io.goakt.sample;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.sample.accounts.AccountMessages.Balance;
import io.goakt.sample.accounts.AccountMessages.Deposit;
import io.goakt.sample.accounts.AccountMessages.GetBalance;
import io.goakt.sample.accounts.AccountRemoting;
import io.goakt.serialization.Serialization;
import io.goakt.spring.ActorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with remoting on (port 0, loopback): a second actor system in the test, with its own remoting, spawns
 * an account actor in the app by its {@code @ActorComponent} name, asks it, and gets the replies back over the wire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"goakt.remoting.enabled=true", "goakt.remoting.host=127.0.0.1", "goakt.remoting.port=0"})
class RemotingTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    Remoting appRemoting;

    @Autowired
    ActorRegistry registry;

    @LocalServerPort
    int httpPort;

    private ActorSystem peerSystem;
    private Remoting peer;

    @BeforeEach
    void startPeer() {
        peerSystem = ActorSystem.create("peer");
        peer = Remoting.start(peerSystem, RemotingConfig.builder().host("127.0.0.1").port(0)
                .serialization(AccountRemoting.register(Serialization.builder()).build())
                .build());
    }

    @AfterEach
    void stopPeer() {
        peerSystem.shutdown(TIMEOUT);
    }

    @Test
    void appBindsAFreeLoopbackPort() {
        assertThat(appRemoting.endpoint().host()).isEqualTo("127.0.0.1");
        assertThat(appRemoting.endpoint().port()).isPositive().isEqualTo(appRemoting.boundAddress().getPort());
    }

    @Test
    void healthShowsTheEndpointAndTheMetricsEndpointHasTheRemoteMeters() {
        Http http = new Http(httpPort);
        assertThat(http.get("/actuator/health").body())
                .contains("\"remoting\":{\"endpoint\":\"127.0.0.1:" + appRemoting.endpoint().port() + "\"");
        HttpResponse<String> messages = http.get("/actuator/metrics/goakt.remote.messages");
        assertThat(messages.statusCode()).isEqualTo(200);
        assertThat(messages.body()).contains("\"direction\"", "inbound", "outbound");
    }

    @Test
    void aPeerSpawnsAnAccountInTheAppAndItsMessagesGoThereAndBack() throws Exception {
        ActorRef account = peer.spawn(appRemoting.endpoint(), "account-remote", "account")
                .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        Object afterDeposit = account.ask(new Deposit(50), TIMEOUT).toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Object balance = account.ask(GetBalance.INSTANCE, TIMEOUT).toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(afterDeposit).isEqualTo(new Balance("account-remote", 50));
        assertThat(balance).isEqualTo(new Balance("account-remote", 50));
        assertThat(registry.find("account-remote")).as("the actor lives in the app's system").isPresent();
        assertThat(new Http(httpPort).get("/accounts/remote").body())
                .as("the app's own HTTP API sees the same account").contains("\"balance\":50");
    }

    @Test
    void aPeerReachesAnAccountTheAppSpawnedByItsName() throws Exception {
        new Http(httpPort).post("/accounts/carol/deposits", "{\"amount\": 7}");
        ActorRef carol = peer.actorRef(appRemoting.endpoint(), appRemoting.system().name(), "account-carol");

        Object reply = carol.ask(GetBalance.INSTANCE, TIMEOUT).toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(reply).isEqualTo(new Balance("account-carol", 7));
    }
}
