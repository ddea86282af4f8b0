package io.goakt.sample;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.grain.GrainIdentity;
import io.goakt.spring.ActorSystemLifecycle;
import io.goakt.spring.GrainClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Drives the sample over real HTTP: actor- and grain-backed endpoints, Actuator, Prometheus, supervision. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleAppHttpTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private Http http() {
        return new Http(port);
    }

    @Test
    void actorSystemStartsBeforeAndStopsAfterTheWebServer() {
        Map<String, SmartLifecycle> lifecycles = context.getBeansOfType(SmartLifecycle.class);
        int actors = context.getBean(ActorSystemLifecycle.class).getPhase();
        assertThat(lifecycles).containsKeys("webServerStartStop", "webServerGracefulShutdown");
        // lower phases start first and stop last
        assertThat(actors).isLessThan(lifecycles.get("webServerStartStop").getPhase())
                .isLessThan(lifecycles.get("webServerGracefulShutdown").getPhase());
    }

    @Test
    void accountsKeepTheirBalanceInActors() {
        Http http = http();
        assertThat(http.post("/accounts/alice/deposits", "{\"amount\": 100}").body())
                .isEqualTo("{\"id\":\"account-alice\",\"balance\":100}");
        assertThat(http.post("/accounts/alice/withdrawals", "{\"amount\": 30}").body()).contains("\"balance\":70");
        HttpResponse<String> refused = http.post("/accounts/alice/withdrawals", "{\"amount\": 1000}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("insufficient funds");
        assertThat(http.get("/accounts/alice").body()).contains("\"balance\":70");
        assertThat(http.get("/accounts/bob").body()).contains("\"balance\":0");
        assertThat(http.get("/accounts/not_valid!").statusCode()).isEqualTo(400);
        await().untilAsserted(() -> assertThat(http.get("/audit").body())
                .contains("account-alice deposited 100", "account-alice withdrew 30"));
    }

    @Test
    void cartsAreGrainsActivatedByTheirFirstRequest() {
        Http http = http();
        assertThat(http.get("/carts/erin").body()).isEqualTo("{\"user\":\"erin\",\"items\":{}}");
        assertThat(http.post("/carts/erin/items", "{\"sku\":\"pear\",\"quantity\":1}").body())
                .isEqualTo("{\"user\":\"erin\",\"items\":{\"pear\":1}}");
        http.post("/carts/erin/items", "{\"sku\":\"apple\",\"quantity\":2}");
        http.post("/carts/erin/items", "{\"sku\":\"pear\",\"quantity\":2}");
        assertThat(http.get("/carts/erin").body())
                .isEqualTo("{\"user\":\"erin\",\"items\":{\"apple\":2,\"pear\":3}}");
        assertThat(http.get("/carts/frank").body()).isEqualTo("{\"user\":\"frank\",\"items\":{}}");
        assertThat(http.post("/carts/erin/items", "{\"sku\":\"apple\",\"quantity\":0}").statusCode())
                .isEqualTo(400);
        assertThat(http.get("/carts/not_valid!").statusCode()).isEqualTo(400);
        HttpResponse<String> grains = http.get("/actuator/grains");
        assertThat(grains.statusCode()).isEqualTo(200);
        assertThat(grains.body()).contains("\"kinds\":[\"cart\"]")
                .containsPattern("\"cart\":\\[[^]]*\"erin\"").containsPattern("\"cart\":\\[[^]]*\"frank\"");
    }

    @Test
    void aCartOutlivesTheDeactivationOfItsGrain() throws Exception {
        Http http = http();
        http.post("/carts/gina/items", "{\"sku\":\"plum\",\"quantity\":4}");
        // What the idle timeout does after two minutes without a message, asked for now.
        context.getBean(GrainClient.class).registry().deactivate(GrainIdentity.of("cart", "gina"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().untilAsserted(() -> assertThat(http.get("/actuator/grains").body()).doesNotContain("\"gina\""));
        assertThat(http.get("/carts/gina").body()).isEqualTo("{\"user\":\"gina\",\"items\":{\"plum\":4}}");
        assertThat(http.get("/actuator/grains").body()).contains("\"gina\"");
    }

    @Test
    void eagerActorsRunAtStartAndLazyAccountsSpawnOnFirstUse() {
        Http http = http();
        assertThat(http.get("/actuator/actors/audit").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/actors/notifier").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/actors/account").statusCode()).isEqualTo(404);
        assertThat(http.get("/actuator/actors/account-carol").statusCode()).isEqualTo(404);
        http.post("/accounts/carol/deposits", "{\"amount\": 5}");
        HttpResponse<String> carol = http.get("/actuator/actors/account-carol");
        assertThat(carol.statusCode()).isEqualTo(200);
        assertThat(carol.body()).contains("\"path\":\"/user/account-carol\"", "\"status\":\"RUNNING\"",
                "\"kind\":\"account\"", "\"mailboxSize\":0", "\"restarts\":0", "\"router\":false");
    }

    @Test
    void actorsEndpointServesAnActorWithAGeneratedName() {
        ActorSystem system = context.getBean(ActorSystem.class);
        ActorRef worker = system.spawn(() -> ctx -> { }, SpawnOptions.defaults());
        assertThat(worker.name()).startsWith("$");
        HttpResponse<String> raw = http().get("/actuator/actors/" + worker.name());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("\"path\":\"/user/" + worker.name() + "\"");
        assertThat(http().get("/actuator/actors/%24" + worker.name().substring(1)).statusCode()).isEqualTo(200);
        system.stop(worker);
    }

    @Test
    void healthReportsTheActorSystem() {
        HttpResponse<String> health = http().get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"goakt\":{\"details\":{\"system\":\"bank\"", "\"deadLetters\"",
                "\"uptime\"");
        assertThat(http().get("/actuator/health/liveness").body()).contains("\"goakt\"", "\"status\":\"UP\"");
    }

    @Test
    void actorsEndpointListsKindsAndAnswers404ForUnknownNames() {
        HttpResponse<String> all = http().get("/actuator/actors");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("\"name\":\"bank\"", "\"audit\":[\"/user/audit\"]",
                "\"notifier\":[\"/user/notifier\"]");
        assertThat(http().get("/actuator/actors/no-such-actor").statusCode()).isEqualTo(404);
        assertThat(http().post("/actuator/actors/no-such-actor", "{\"action\":\"restart\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void prometheusScrapeHasEveryGoaktFamilyUnderItsNameAndPassesPromtool() throws Exception {
        http().post("/accounts/dave/deposits", "{\"amount\": 1}");
        http().post("/carts/dave/items", "{\"sku\":\"apple\",\"quantity\":1}");
        context.getBean(GrainClient.class).registry().deactivate(GrainIdentity.of("cart", "dave"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        // a kind's grain meters appear with its first activation, reported through the event stream
        HttpResponse<String> scrape = await().until(() -> http().get("/actuator/prometheus"),
                r -> r.body().contains("goakt_grains_deactivations_total{"));
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(GoaktScrape.types(scrape.body())).containsExactlyInAnyOrder(
                "goakt_actors_active gauge", "goakt_mailbox_size gauge", "goakt_messages_processed_total counter",
                "goakt_message_processing_seconds summary", "goakt_message_processing_seconds_max gauge",
                "goakt_restarts_total counter", "goakt_dead_letters_total counter", "goakt_grains_active gauge",
                "goakt_grains_activations_total counter", "goakt_grains_deactivations_total counter");
        assertThat(scrape.body()).contains(
                "goakt_actors_active{kind=\"account\",system=\"bank\"}",
                "goakt_dead_letters_total{system=\"bank\"}",
                "goakt_grains_active{kind=\"cart\",system=\"bank\"}",
                "goakt_grains_deactivations_total{kind=\"cart\",reason=\"requested\",system=\"bank\"}");
        assertThat(scrape.body()).doesNotContain("dave");
        HttpResponse<String> meter = http().get("/actuator/metrics/goakt.messages.processed");
        assertThat(meter.statusCode()).isEqualTo(200);
        assertThat(meter.body()).contains("\"account\"").doesNotContain("\"baseUnit\":\"messages\"");
        // The goakt families alone must pass every promtool lint rule.
        GoaktScrape.assertLintClean(scrape.body());
        // The whole scrape must parse; promtool's lint findings there may only concern meters of other libraries
        // (Spring Boot's http.server.requests has no description, for example).
        Promtool.Result all = Promtool.checkMetrics(scrape.body());
        assertThat(all.output()).doesNotContain("goakt_").doesNotContainIgnoringCase("error while linting");
    }

    @Test
    void actorDetailsAndTheProcessedCounterCountTheSameMessages() {
        Http http = http();
        for (int i = 0; i < 5; i++) {
            assertThat(http.post("/accounts/erin/deposits", "{\"amount\": 1}").statusCode()).isEqualTo(200);
        }
        assertThat(processedCount(http, "account-erin")).isEqualTo(5); // PostStart is not counted
        // audit started with the application, before the meters were bound; the accounts on their first deposit
        for (String kind : new String[] {"account", "audit"}) {
            await().untilAsserted(() -> {
                Matcher paths = Pattern.compile("\"" + kind + "\":\\[([^\\]]*)\\]")
                        .matcher(http.get("/actuator/actors").body());
                assertThat(paths.find()).isTrue();
                long details = 0;
                for (String path : paths.group(1).replace("\"", "").split(",")) {
                    details += processedCount(http, path.substring("/user/".length()));
                }
                assertThat(meterCount("kind:" + kind)).as(kind).isEqualTo(details);
            });
        }
    }

    private static long processedCount(Http http, String actor) {
        Matcher m = Pattern.compile("\"processedCount\":(\\d+)").matcher(http.get("/actuator/actors/" + actor).body());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private long meterCount(String tag) {
        String body = http().get("/actuator/metrics/goakt.messages.processed?tag=" + tag).body();
        Matcher m = Pattern.compile("\"value\":([0-9.]+)").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void failingNotifierIsRestartedByItsSupervisor() {
        Http http = http();
        long before = incarnation(http.get("/notifier").body());
        assertThat(http.post("/notifier/notifications", "{\"text\":\"hello\"}").body()).contains("\"sent\":1");
        assertThat(http.post("/notifier/failures", "").statusCode()).isEqualTo(202);
        await().until(() -> incarnation(http.get("/notifier").body()) == before + 1);
        assertThat(http.get("/notifier").body()).contains("\"sent\":0");
        assertThat(http.get("/actuator/actors/notifier").body()).containsPattern("\"restarts\":[1-9]");
    }

    @Test
    @DirtiesContext
    void stoppedActorAnswers503() {
        Http http = http();
        assertThat(http.post("/actuator/actors/notifier", "{\"action\":\"stop\"}").statusCode()).isEqualTo(200);
        await().until(() -> http.get("/actuator/actors/notifier").statusCode() == 404);
        HttpResponse<String> gone = http.get("/notifier");
        assertThat(gone.statusCode()).isEqualTo(503);
        assertThat(gone.body()).contains("Actor is not available", "\"detail\":\"The actor is not running.\"",
                "\"type\":\"urn:goakt:problem:actor-not-alive\"").doesNotContain("goakt://", "io.goakt");
    }

    @Test
    void anUnknownActorIs404WithABodyNamingIt() {
        HttpResponse<String> read = http().get("/actuator/actors/no-such-actor");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(read.body()).contains("\"error\":\"no actor named 'no-such-actor'\"", "\"actor\":\"no-such-actor\"");
        HttpResponse<String> nested = http().get("/actuator/actors/audit/no-such-child");
        assertThat(nested.statusCode()).isEqualTo(404);
        assertThat(nested.body()).contains("\"error\":\"no actor at 'audit/no-such-child'\"");
        HttpResponse<String> write = http().post("/actuator/actors/no-such-actor", "{\"action\":\"restart\"}");
        assertThat(write.statusCode()).isEqualTo(404);
        assertThat(write.body()).contains("\"error\":\"no actor named 'no-such-actor'\"");
    }

    private static long incarnation(String json) {
        Matcher m = Pattern.compile("\"incarnation\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
