package io.goakt.sample;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's members panel with three instances of the sample in one JVM (the cluster profile, free ports, the
 * fast failure detection of {@link ClusterModeTests}): the page of one member shows three members, each with its
 * status, and a member whose instance closes leaves the panel without a reload.
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
    void theMembersPanelShowsThreeMembersAndAClosedMemberLeavesIt() {
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
        String leaving = Cluster.of(nodes.get(0).getBean(ActorSystem.class)).orElseThrow().self().id();
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
                    .anySatisfy(line -> assertThat(line).contains(leaving));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "dashboard-cluster.png")));

            nodes.get(0).close();

            page.waitForSelector("#cluster-view:has-text('2 members')");
            page.waitForFunction("id => ![...document.querySelectorAll('#members li')]"
                    + ".some(li => li.textContent.includes(id))", leaving);
            assertThat(page.locator("#members li").count()).isEqualTo(2);
        }
    }
}
