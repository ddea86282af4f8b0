package io.goakt.internal.actor;

import io.goakt.actor.LogLevel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link SystemLog.Sink} that keeps every line, for tests to read; every kind and level is enabled. */
public final class RecordingLogSink implements SystemLog.Sink {

    /** One line as written. */
    public record Line(SystemLog.Kind kind, LogLevel level, String text, Throwable cause) {
    }

    private static final Pattern SUPPRESSED = Pattern.compile("^suppressed (\\d+) failure log lines? in the last");

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public boolean isEnabled(SystemLog.Kind kind, LogLevel level) {
        return true;
    }

    @Override
    public void log(SystemLog.Kind kind, LogLevel level, String line, Throwable cause) {
        lines.add(new Line(kind, level, line, cause));
    }

    /** Every line of {@code kind}, in order. */
    public List<Line> lines(SystemLog.Kind kind) {
        return lines.stream().filter(l -> l.kind() == kind).toList();
    }

    /** Failure lines about one failure each (not summaries). */
    public List<Line> failures() {
        return lines(SystemLog.Kind.FAILURE).stream().filter(l -> !SUPPRESSED.matcher(l.text()).find()).toList();
    }

    /** The failure lines the summaries say were not written. */
    public long suppressedFailures() {
        long n = 0;
        for (Line l : lines(SystemLog.Kind.FAILURE)) {
            Matcher m = SUPPRESSED.matcher(l.text());
            if (m.find()) {
                n += Long.parseLong(m.group(1));
            }
        }
        return n;
    }
}
