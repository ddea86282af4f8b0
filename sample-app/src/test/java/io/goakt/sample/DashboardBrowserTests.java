package io.goakt.sample;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.SpawnOptions;
import io.goakt.sample.notifier.NotifierActor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser ({@link HeadlessChromium}: Playwright for Java driving Debian's chromium) against
 * the sample app. Screenshots go to {@code target/dashboard-*.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"goakt.dashboard.enabled=true", "goakt.dashboard.refresh=250ms"})
class DashboardBrowserTests {

    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    ActorSystem system;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void launch() {
        chromium = HeadlessChromium.launch();
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void open() {
        context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        page.setDefaultTimeout(30_000);
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    private void load() {
        page.navigate("http://localhost:" + port + "/goakt/");
        page.waitForSelector("#connection:has-text('live')");
    }

    private Locator row(String path) {
        return page.locator("li[role=treeitem][data-path='" + path + "']");
    }

    private static Path screenshot(String name) {
        return Path.of("target", "dashboard-" + name + ".png");
    }

    @Test
    void thePageShowsTheEagerActorsAndTheTreeWorksFromTheKeyboard() {
        load();
        row("/user/audit").waitFor();
        row("/user/notifier").waitFor();
        assertThat(row("/user/notifier").locator(".status").textContent()).isEqualTo("✓ running");
        assertThat(page.locator("#system").textContent()).isEqualTo("bank");

        // keyboard: the first row takes focus, arrows move, Enter selects and shows the details
        page.locator("li[role=treeitem][tabindex='0']").focus();
        String first = (String) page.evaluate("document.activeElement.dataset.path");
        page.keyboard().press("ArrowDown");
        String second = (String) page.evaluate("document.activeElement.dataset.path");
        assertThat(second).isNotEqualTo(first);
        page.keyboard().press("Enter");
        page.waitForSelector("#details-body dd:has-text('" + second + "')");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("1280x800")).setFullPage(true));

        page.setViewportSize(390, 844);
        row("/user/notifier").waitFor();
        assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no horizontal scrolling at a phone's width").isTrue();
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("phone")).setFullPage(true));
    }

    @Test
    void anActorSpawnedAfterLoadAppearsWithoutAReload() {
        load();
        page.evaluate("window.loadedOnce = true");
        ActorRef late = system.spawnFromFunction("late-joiner", ctx -> { });
        try {
            row("/user/late-joiner").waitFor();
            assertThat((Boolean) page.evaluate("window.loadedOnce === true")).as("same page, not reloaded").isTrue();
        } finally {
            system.stop(late);
        }
    }

    @Test
    void aFailingActorsRestartCountRisesAndItsLastFailureShows() {
        load();
        Locator notifier = row("/user/notifier");
        notifier.waitFor();
        int before = Integer.parseInt(notifier.locator(".restarts").textContent().replace(",", ""));
        system.actorOf("notifier").tell(NotifierActor.Fail.INSTANCE, null);
        await().untilAsserted(() -> assertThat(Integer.parseInt(
                notifier.locator(".restarts").textContent().replace(",", ""))).isGreaterThan(before));
        page.waitForSelector("li[data-path='/user/notifier'] .fail:has-text('IllegalStateException')");
        notifier.click();
        page.waitForSelector("#details-body dd:has-text('notifier told to fail')");
        page.waitForSelector("#events li:has-text('restarted /user/notifier')");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("failure")).setFullPage(true));
    }

    @Test
    void aStoppedActorDisappears() {
        ActorRef doomed = system.spawnFromFunction("doomed", ctx -> { });
        load();
        row("/user/doomed").waitFor();
        system.stop(doomed);
        row("/user/doomed").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        page.waitForSelector("#events li:has-text('stopped /user/doomed')");
    }

    @Test
    void withTenThousandActorsThePageStaysResponsive() {
        int children = 10_000;
        ActorRef crowd = system.spawnFromFunction("crowd", ctx -> {
            if (ctx.message() instanceof PostStart) {
                for (int i = 0; i < children; i++) {
                    ctx.spawnChild("member-" + i, () -> c -> { }, SpawnOptions.defaults());
                }
            }
        });
        try {
            await().until(() -> system.inspect("crowd").map(i -> i.children().size()).orElse(0) == children);
            long started = System.nanoTime();
            load();
            Locator crowdRow = row("/user/crowd");
            crowdRow.waitFor();
            double firstRender = ((Number) page.evaluate("window.goaktDashboard.firstRenderMillis")).doubleValue();
            long loadMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(crowdRow.locator(".count").textContent()).contains("10,000 children");

            // open the big subtree from the keyboard: the listed part renders, the rest is counted
            crowdRow.focus();
            page.keyboard().press("ArrowRight");
            page.waitForSelector("li.more:has-text('more children not listed')");
            // search reaches the actors the snapshot does not list
            page.locator("#search").fill("member-9999");
            row("/user/crowd/member-9999").waitFor();
            page.locator("#search").fill("");
            int seen = ((Number) page.evaluate("window.goaktDashboard.snapshots")).intValue();
            await().until(() -> ((Number) page.evaluate("window.goaktDashboard.snapshots")).intValue() >= seen + 8);
            @SuppressWarnings("unchecked")
            List<Number> updates = (List<Number>) page.evaluate("window.goaktDashboard.updates");
            double max = updates.stream().mapToDouble(Number::doubleValue).max().orElse(0);
            double mean = updates.stream().mapToDouble(Number::doubleValue).average().orElse(0);
            System.out.printf("dashboard with %,d actors: first render %.0f ms after navigation (page load %d ms "
                            + "in the test), per update mean %.1f ms, max %.1f ms over %d updates%n",
                    system.actorCount(), firstRender, loadMillis, mean, max, updates.size());
            page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("10000")).setFullPage(false));
        } finally {
            system.stop(crowd).toCompletableFuture().join();
        }
    }
}
