package io.goakt.sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The actors endpoint over real HTTP: what a client reads when the actor it names does not exist. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorNotFoundHttpTests {

    @LocalServerPort
    int port;

    @Test
    void anUnknownActorIs404WithABodyNamingIt() {
        HttpResponse<String> read = new Http(port).get("/actuator/actors/no-such-actor");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(read.body()).contains("\"error\":\"no actor named 'no-such-actor'\"", "\"actor\":\"no-such-actor\"");
        HttpResponse<String> nested = new Http(port).get("/actuator/actors/audit/no-such-child");
        assertThat(nested.statusCode()).isEqualTo(404);
        assertThat(nested.body()).contains("\"error\":\"no actor at 'audit/no-such-child'\"");
    }

    @Test
    void controllingAnUnknownActorIs404WithABodyNamingIt() {
        HttpResponse<String> write = new Http(port).post("/actuator/actors/no-such-actor", "{\"action\":\"restart\"}");
        assertThat(write.statusCode()).isEqualTo(404);
        assertThat(write.body()).contains("\"error\":\"no actor named 'no-such-actor'\"");
    }
}
