package io.goakt.spring.dashboard;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** The page's three files, which the controller reads from the class path, kept in a native image. */
final class DashboardRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        for (String file : new String[]{"index.html", "dashboard.js", "dashboard.css"}) {
            hints.resources().registerPattern(DashboardController.RESOURCES + file);
        }
    }
}
