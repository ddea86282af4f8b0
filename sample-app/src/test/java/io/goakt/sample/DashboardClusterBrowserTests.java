package io.goakt.sample;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.internal.cluster.ClusterNode;
import io.goakt.sample.leader.LeaderMessages;
import io.goakt.spring.ActorRegistry;
import io.goakt.testsupport.ControlPlaneFaults;
import io.goakt.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's members panel with three instances of the sample in one JVM (the cluster profile, free ports, the
 * fast failure detection of {@link ClusterModeTests}): the page of one member shows three members, each with its
 * status, its grain activations and, on one member, the sample's {@code leader} singleton; a member killed without a word (its control plane cut and its connections
 * dropped, as a killed process's would be) and then a member whose instance closes leave the panel without a reload.
 */
class DashboardClusterBrowserTests {

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private HeadlessChromium chromium;

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        nodes.forEach(ConfigurableApplicationContext::close);   // closing twice is harmless
    }

    @Test
    void theMembersPanelShowsThreeMembersAndAKilledMemberAndAClosedMemberLeaveIt() throws Exception {
        chromium = HeadlessChromium.launch();
        List<Integer> ports = FreePorts.controlPorts(3);
        String hosts = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        String cluster = "dashboard-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            nodes.add(new SpringApplicationBuilder(SampleApplication.class)
                    .profiles("cluster", "node" + (i + 1))
                    .run("--server.port=0", "--goakt.remoting.port=0", "--goakt.cluster.port=" + ports.get(i),
                            "--goakt.cluster.name=" + cluster, "--goakt.cluster.discovery.static.hosts=" + hosts,
                            "--goakt.cluster.join-timeout=500ms",
                            "--goakt.cluster.failure-detection.heartbeat-interval=100ms",
                            "--goakt.cluster.failure-detection.timeout=600ms",
                            "--goakt.cluster.failure-detection.verify-timeout=250ms",
                            "--goakt.cluster.failure-detection.merge-interval=1s",
                            "--goakt.dashboard.enabled=true", "--goakt.dashboard.refresh=250ms"));
        }
        String killed = Cluster.of(nodes.get(0).getBean(ActorSystem.class)).orElseThrow().self().id();
        String leaving = Cluster.of(nodes.get(2).getBean(ActorSystem.class)).orElseThrow().self().id();
        int port = ((WebServerApplicationContext) nodes.get(1)).getWebServer().getPort();
        try (BrowserContext context = chromium.browser().newContext(
                new Browser.NewContextOptions().setViewportSize(1280, 800))) {
            Page page = context.newPage();
            page.setDefaultTimeout(60_000);
            page.navigate("http://localhost:" + port + "/goakt/");
            page.waitForSelector("#cluster-view:has-text('3 members')");
            assertThat(page.locator("#members li").count()).isEqualTo(3);
            assertThat(page.locator("#members li").allTextContents())
                    .allSatisfy(line -> assertThat(line).startsWith("✓ UP "))
                    .anySatisfy(line -> assertThat(line).contains("(this member)"))
                    .anySatisfy(line -> assertThat(line).contains(killed))
                    .anySatisfy(line -> assertThat(line).contains(leaving));
            // each member's grain activations arrive from the members' answers, a tick or more later
            page.waitForFunction("() => [...document.querySelectorAll('#members li')]"
                    + ".filter(li => / grains \\d/.test(li.textContent)).length === 3");
            // the sample's cluster singleton "leader" runs on exactly one member, and the panel says which
            page.waitForFunction("() => [...document.querySelectorAll('#members li')]"
                    + ".filter(li => li.textContent.includes('singletons leader')).length === 1");
            String leaderLine = page.locator("#members li", new Page.LocatorOptions().setHasText("singletons leader"))
                    .textContent();
            assertThat(leaderLine).contains(leader(nodes.get(1)));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "dashboard-cluster.png")));

            kill(nodes.get(0));

            page.waitForSelector("#cluster-view:has-text('2 members')");
            page.waitForFunction("id => ![...document.querySelectorAll('#members li')]"
                    + ".some(li => li.textContent.includes(id))", killed);
            assertThat(page.locator("#members li").count()).isEqualTo(2);
            // the singleton runs on one of the two left, whichever it ran on before
            page.waitForFunction("() => [...document.querySelectorAll('#members li')]"
                    + ".filter(li => li.textContent.includes('singletons leader')).length === 1");
            assertThat(page.locator("#members li", new Page.LocatorOptions().setHasText("singletons leader"))
                    .textContent()).doesNotContain(killed);

            nodes.get(2).close();

            page.waitForSelector("#cluster-view:has-text('1 member')");
            page.waitForFunction("id => ![...document.querySelectorAll('#members li')]"
                    + ".some(li => li.textContent.includes(id))", leaving);
            assertThat(page.locator("#members li").count()).isEqualTo(1);
        }
    }

    /** The cluster id of the member that runs the sample's {@code leader} singleton, asked through the proxy. */
    private static String leader(ConfigurableApplicationContext node) throws Exception {
        ActorRef proxy = node.getBean(ActorRegistry.class).ref("leader");
        LeaderMessages.Leader reply = proxy.ask(LeaderMessages.WhoLeads.INSTANCE, LeaderMessages.Leader.class,
                Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        return reply.member();
    }

    /** Silences a member as a killed process would be silent; the others find it dead. */
    private static void kill(ConfigurableApplicationContext node) throws Exception {
        ClusterNode cluster = (ClusterNode) Cluster.of(node.getBean(ActorSystem.class)).orElseThrow();
        ControlPlaneFaults.crash(cluster.channel());
    }
}
