package com.example.wallet;

import com.example.ReadmeQuotes;
import io.goakt.sample.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring quick start of the repository's README.md, run: README.md quotes the classes of this package and its
 * {@code application.yml} verbatim (after the package line), and {@link #readmeQuotesTheseSources} fails when the two
 * drift apart. Change the code here first, then paste it into the README.
 */
@SpringBootTest(classes = WalletApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:/com/example/wallet/application.yml")
class ReadmeQuickStartTests {

    private static final List<String> QUOTED = List.of("Deposit.java", "GetBalance.java", "Balance.java",
            "AuditLog.java", "WalletActor.java", "WalletController.java", "WalletApplication.java");

    @LocalServerPort
    int port;
    private Http http;

    @Autowired
    AuditLog audit;

    @Test
    void controllerAnswersWithTheActorsReplyAndTheActorUsesItsInjectedBean() {
        long start = amount(get("/wallet"));

        assertThat(amount(post("/wallet/deposits", "{\"amount\": 100}"))).isEqualTo(start + 100);
        assertThat(amount(post("/wallet/deposits", "{\"amount\": 50}"))).isEqualTo(start + 150);
        assertThat(amount(get("/wallet"))).isEqualTo(start + 150);
        assertThat(audit.entries()).endsWith("deposited 100", "deposited 50");
    }

    @Test
    void aFailureRestartsTheActorAsAFreshBeanAndFailsTheAskOfTheMessageItFailedOn() {
        assertThat(post("/wallet/deposits", "{\"amount\": 70}").statusCode()).isEqualTo(200);

        HttpResponse<String> failed = post("/wallet/deposits", "{\"amount\": -5}");

        // the ask fails with MessageNotHandledException, which no handler maps: Spring answers 500
        assertThat(failed.statusCode()).isEqualTo(500);
        // the default supervisor restarted the actor with a new bean: the balance starts again from zero
        assertThat(get("/wallet").body()).isEqualTo("{\"amount\":0}");
    }

    @Test
    void theActorIsListedByTheActuatorEndpointTheYamlExposes() {
        HttpResponse<String> actors = get("/actuator/actors");
        assertThat(actors.statusCode()).isEqualTo(200);
        assertThat(actors.body()).contains("\"wallet\"");
        assertThat(get("/actuator/prometheus").body()).contains("system=\"wallet\"");
    }

    @Test
    void readmeQuotesTheseSources() throws IOException {
        String dir = "sample-app/src/test/java/com/example/wallet/";
        List<String> files = new ArrayList<>();
        for (String file : QUOTED) {
            files.add(dir + file);
        }
        files.add("sample-app/src/test/resources/com/example/wallet/application.yml");
        ReadmeQuotes.assertQuoted(files);
    }

    /** The amount of a {@code Balance} body, {@code {"amount":n}}. */
    private static long amount(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).matches("\\{\"amount\":-?\\d+}");
        return Long.parseLong(response.body().replaceAll("[^0-9-]", ""));
    }

    private HttpResponse<String> get(String path) {
        return http().get(path);
    }

    private HttpResponse<String> post(String path, String json) {
        return http().post(path, json);
    }

    /** The client for this test's server; the port is known only once the test instance is injected. */
    private Http http() {
        if (http == null) {
            http = new Http(port, Duration.ofSeconds(30));
        }
        return http;
    }
}
