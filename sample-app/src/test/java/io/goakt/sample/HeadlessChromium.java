package io.goakt.sample;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import io.goakt.testsupport.ExternalTool;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code /usr/bin/chromium} (package {@code chromium}) driven by Playwright for Java, for the dashboard's
 * browser tests. The browser is found through {@link ExternalTool}: missing locally, the test is skipped naming the
 * package; missing under {@code CI=true}, it fails ({@code .ci/run} installs it). Playwright is told not to download
 * a browser of its own ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}); its driver comes with its Maven artifact.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Headless in a container: no sandbox (tests may run as root), no GPU, nothing fetched from the network. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts the browser, or skips (fails under CI=true) the calling test when chromium is not installed. */
    static HeadlessChromium launch() {
        Path chromium = ExternalTool.require("chromium", "chromium");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium).setHeadless(true).setArgs(FLAGS));
            return new HeadlessChromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** The browser. */
    Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        playwright.close();
    }
}
