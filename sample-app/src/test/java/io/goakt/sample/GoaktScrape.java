package io.goakt.sample;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The goakt part of a Prometheus scrape, for the tests that lint it with promtool and check its family names. */
final class GoaktScrape {

    private GoaktScrape() {
    }

    /** The lines of {@code exposition} that belong to goakt families: their samples, HELP and TYPE lines. */
    static String families(String exposition) {
        StringBuilder out = new StringBuilder();
        exposition.lines().filter(l -> l.startsWith("goakt_") || l.startsWith("# HELP goakt_")
                || l.startsWith("# TYPE goakt_")).forEach(l -> out.append(l).append('\n'));
        assertThat(out).as("goakt families in the scrape").isNotEmpty();
        return out.toString();
    }

    /** Each goakt family of {@code exposition} as its TYPE line names it: {@code "goakt_mailbox_size gauge"}. */
    static Set<String> types(String exposition) {
        Set<String> types = new TreeSet<>();
        exposition.lines().filter(l -> l.startsWith("# TYPE goakt_"))
                .forEach(l -> types.add(l.substring("# TYPE ".length())));
        return types;
    }

    /** Runs promtool's lint on the goakt families of {@code exposition} and fails on any finding. */
    static void assertLintClean(String exposition) throws Exception {
        Promtool.Result goakt = Promtool.checkMetrics(families(exposition));
        assertThat(goakt.exitCode()).as(goakt.output()).isZero();
        assertThat(goakt.output()).as("promtool on the goakt families").isBlank();
    }
}
