package io.goakt.testsupport;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.time.Duration;

/**
 * Makes every {@code await()} of the test JVM check its condition at once, before its first poll interval.
 *
 * <p>Awaitility waits one poll interval (100 ms) before the first check by default, so an await whose condition
 * already holds costs 100 ms: the cluster suites await thousands of conditions that mostly hold at once (a
 * grain's value asked from every member, a view every member already has), which added minutes to the build. The
 * bound of each await ({@code atMost}) and the interval between later checks stay as they are. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}, so it runs once per test JVM
 * before any test.
 */
public final class AwaitilityDefaults implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
    }
}
