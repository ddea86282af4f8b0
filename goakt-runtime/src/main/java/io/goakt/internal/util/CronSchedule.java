package io.goakt.internal.util;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard five-field cron expression ({@code minute hour day-of-month month day-of-week}) in a time zone, and the
 * computation of its next firing.
 *
 * <p><b>Syntax</b> (as Vixie cron): each field is a comma-separated list of {@code *}, a value, or a range
 * {@code a-b}, each with an optional step {@code /n} ({@code a/n} means {@code a} to the field's maximum). Minutes
 * are 0-59, hours 0-23, days of the month 1-31, months 1-12 or {@code JAN}-{@code DEC}, days of the week 0-7 (0 and 7
 * are Sunday) or {@code SUN}-{@code SAT}; names are case-insensitive. The macros {@code @yearly} ({@code @annually}),
 * {@code @monthly}, {@code @weekly}, {@code @daily} ({@code @midnight}) and {@code @hourly} stand for their usual
 * expressions. When both day fields are restricted (neither starts with {@code *}), a day matches if either
 * matches; otherwise both must match.
 *
 * <p><b>Time zones and daylight saving.</b> The fields are matched against wall-clock time in the zone. A wall-clock
 * time that does not exist (skipped when clocks go forward) fires at the end of the gap, the first instant after it,
 * once however many skipped times match, so a daily job at 02:30 still runs on the day clocks jump from 02:00 to
 * 03:00. A wall-clock time that occurs twice (when clocks go back) fires once, at its first occurrence.
 *
 * <p>Immutable and thread-safe. Parsing fails with an {@link IllegalArgumentException} that names the field.
 */
public final class CronSchedule {

    private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Every combination of month, day of month and day of week that can occur recurs within the 400-year cycle. */
    private static final int SEARCH_DAYS = 146_097 + 1;

    private final String expression;
    private final ZoneId zone;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    /** Both day fields restricted: a day matches if either does. */
    private final boolean eitherDay;

    private CronSchedule(String expression, ZoneId zone, String[] f) {
        this.expression = expression;
        this.zone = zone;
        this.minutes = field("minute", f[0], 0, 59, null);
        this.hours = field("hour", f[1], 0, 23, null);
        this.daysOfMonth = field("day-of-month", f[2], 1, 31, null);
        this.months = field("month", f[3], 1, 12, MONTHS);
        long dow = field("day-of-week", f[4], 0, 7, DAYS);
        this.daysOfWeek = (dow | (dow >>> 7)) & 0x7F; // 7 is Sunday too
        this.eitherDay = !f[2].startsWith("*") && !f[4].startsWith("*");
    }

    /**
     * Parses {@code expression} for {@code zone}.
     *
     * @throws IllegalArgumentException naming the field and the allowed values when the expression is invalid
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String trimmed = expression.trim();
        String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (expanded == null) {
            throw new IllegalArgumentException("unknown cron macro '" + trimmed + "'; allowed: "
                    + "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
        }
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields.length
                    + " fields; expected 5: minute hour day-of-month month day-of-week");
        }
        try {
            return new CronSchedule(trimmed, zone, fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in cron expression '" + expression + "'", e);
        }
    }

    /** The expression as given (trimmed). */
    public String expression() {
        return expression;
    }

    /** The zone whose wall-clock time the fields match. */
    public ZoneId zone() {
        return zone;
    }

    /** The first firing strictly after {@code after}, or empty when the expression never matches a real date. */
    public Optional<Instant> next(Instant after) {
        ZoneRules rules = zone.getRules();
        LocalDateTime from = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (;;) {
            LocalDateTime local = nextLocal(from);
            if (local == null) {
                return Optional.empty();
            }
            Instant at = instantOf(rules, local);
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            from = local.plusMinutes(1); // the second occurrence of a repeated hour, or the gap's end already fired
        }
    }

    /** The instant a matching wall-clock time fires at: its first occurrence, or the end of the gap it falls in. */
    private static Instant instantOf(ZoneRules rules, LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0)); // in an overlap the first offset is the earlier instant
    }

    /** The first wall-clock minute at or after {@code from} that matches, or null within the search horizon. */
    private LocalDateTime nextLocal(LocalDateTime from) {
        LocalDate date = from.toLocalDate();
        int hour = from.getHour();
        int minute = from.getMinute();
        for (int d = 0; d < SEARCH_DAYS; d++) {
            if (matchesDay(date)) {
                for (int h = hour; h < 24; h++) {
                    if ((hours & (1L << h)) == 0) {
                        continue;
                    }
                    int m = nextBit(minutes, h == hour ? minute : 0, 60);
                    if (m >= 0) {
                        return LocalDateTime.of(date, LocalTime.of(h, m));
                    }
                }
            }
            date = date.plusDays(1);
            hour = 0;
            minute = 0;
        }
        return null;
    }

    /** Whether {@code local} matches every field (for tests and callers that check a time directly). */
    public boolean matches(LocalDateTime local) {
        return matchesDay(local.toLocalDate()) && (hours & (1L << local.getHour())) != 0
                && (minutes & (1L << local.getMinute())) != 0;
    }

    private boolean matchesDay(LocalDate date) {
        if ((months & (1L << date.getMonthValue())) == 0) {
            return false;
        }
        boolean dom = (daysOfMonth & (1L << date.getDayOfMonth())) != 0;
        boolean dow = (daysOfWeek & (1L << (date.getDayOfWeek().getValue() % 7))) != 0;
        return eitherDay ? dom || dow : dom && dow;
    }

    private static int nextBit(long bits, int from, int limit) {
        long rest = bits & (-1L << from);
        int b = Long.numberOfTrailingZeros(rest);
        return b < limit ? b : -1;
    }

    /** The set bits of one field. */
    private static long field(String name, String text, int min, int max, List<String> names) {
        long bits = 0;
        for (String item : text.split(",", -1)) {
            bits |= item(name, item, min, max, names);
        }
        return bits;
    }

    private static long item(String name, String item, int min, int max, List<String> names) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(name, item.substring(slash + 1), 1, max - min + 1, null, item);
        }
        int lo;
        int hi;
        if (range.equals("*")) {
            lo = min;
            hi = max;
        } else {
            int dash = range.indexOf('-');
            if (dash >= 0) {
                lo = number(name, range.substring(0, dash), min, max, names, item);
                hi = number(name, range.substring(dash + 1), min, max, names, item);
                if (lo > hi) {
                    throw new IllegalArgumentException(name + " range '" + item + "' runs backwards");
                }
            } else {
                lo = number(name, range, min, max, names, item);
                hi = slash >= 0 ? max : lo;
            }
        }
        long bits = 0;
        for (int v = lo; v <= hi; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    private static int number(String name, String text, int min, int max, List<String> names, String item) {
        if (names != null) {
            int i = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return names == MONTHS ? i + 1 : i;
            }
        }
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < min || v > max || text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            throw new IllegalArgumentException(name + " field item '" + item + "' is not valid; allowed: " + min
                    + "-" + max + (names == null ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1))
                    + ", '*', ranges a-b, lists a,b and steps /n");
        }
        return v;
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
