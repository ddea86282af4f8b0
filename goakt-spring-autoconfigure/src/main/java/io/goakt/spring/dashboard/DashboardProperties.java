package io.goakt.spring.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The {@code goakt.dashboard.*} settings: a live page of the actor system (its actor tree, mailboxes, throughput,
 * failures, dead letters, remoting and cluster members) served by the application's Spring MVC.
 */
@ConfigurationProperties("goakt.dashboard")
public class DashboardProperties {

    /** Serve the live dashboard. Off by default: its path answers 404. */
    private boolean enabled = false;

    /**
     * Path the page is served at, its stream and actions below it: a '/' followed by letters, digits, '-', '_', '.'
     * and further '/'-separated segments, not ending in '/'.
     */
    private String path = "/goakt";

    /**
     * How often one snapshot of the system is computed and pushed to every open page. Must be positive; computing
     * one walks every live actor, so a system with 100,000 actors wants 1s or more.
     */
    private Duration refresh = Duration.ofSeconds(1);

    private final Actions actions = new Actions();

    /** Whether the dashboard is served. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets whether the dashboard is served. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The page's path. */
    public String getPath() {
        return path;
    }

    /** Sets the page's path. */
    public void setPath(String path) {
        this.path = path;
    }

    /** How often a snapshot is pushed. */
    public Duration getRefresh() {
        return refresh;
    }

    /** Sets how often a snapshot is pushed. */
    public void setRefresh(Duration refresh) {
        this.refresh = refresh;
    }

    /** What operators may do from the page. */
    public Actions getActions() {
        return actions;
    }

    /** {@code goakt.dashboard.actions.*}. */
    public static class Actions {

        /**
         * Let the page stop and restart actors and send them test messages of registered types. Needs Spring
         * Security on the class path (start-up fails without it), and each action needs the role GOAKT_OPERATOR.
         */
        private boolean enabled = false;

        /** Whether actions are allowed. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether actions are allowed. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
