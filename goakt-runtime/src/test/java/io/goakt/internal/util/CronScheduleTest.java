package io.goakt.internal.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cron parsing and next-firing computation, checked by hand-picked cases and against a minute-by-minute search. */
class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final int BRUTE_FORCE_MINUTES = 366 * 24 * 60;

    private static Instant at(String localTime, ZoneId zone) {
        return LocalDateTime.parse(localTime).atZone(zone).toInstant();
    }

    private static List<Instant> firings(CronSchedule cron, Instant after, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = after;
        for (int i = 0; i < n; i++) {
            t = cron.next(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    @Test
    void fieldsListsRangesStepsAndNamesSelectTheirTimes() {
        CronSchedule cron = CronSchedule.parse("0,30 9-17/4 * JAN-mar mon-FRI", ZoneOffset.UTC);
        assertThat(firings(cron, Instant.parse("2026-01-02T12:00:00Z"), 5)).containsExactly(
                Instant.parse("2026-01-02T13:00:00Z"), Instant.parse("2026-01-02T13:30:00Z"),
                Instant.parse("2026-01-02T17:00:00Z"), Instant.parse("2026-01-02T17:30:00Z"),
                Instant.parse("2026-01-05T09:00:00Z")); // Friday, then Monday
        assertThat(CronSchedule.parse("5/20 * * * *", ZoneOffset.UTC).next(Instant.parse("2026-01-01T00:06:00Z")))
                .contains(Instant.parse("2026-01-01T00:25:00Z"));
        assertThat(CronSchedule.parse("0 0 * * 7", ZoneOffset.UTC).next(Instant.parse("2026-01-01T00:00:00Z")))
                .as("7 is Sunday").contains(Instant.parse("2026-01-04T00:00:00Z"));
    }

    @Test
    void macrosStandForTheirExpressions() {
        Instant after = Instant.parse("2026-05-17T10:15:30Z");
        assertThat(nextUtc("@hourly", after)).isEqualTo("2026-05-17T11:00:00Z");
        assertThat(nextUtc("@daily", after)).isEqualTo("2026-05-18T00:00:00Z");
        assertThat(nextUtc("@midnight", after)).isEqualTo("2026-05-18T00:00:00Z");
        assertThat(nextUtc("@weekly", after)).isEqualTo("2026-05-24T00:00:00Z");
        assertThat(nextUtc("@monthly", after)).isEqualTo("2026-06-01T00:00:00Z");
        assertThat(nextUtc("@yearly", after)).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(nextUtc("@ANNUALLY", after)).isEqualTo("2027-01-01T00:00:00Z");
    }

    private static String nextUtc(String expression, Instant after) {
        return CronSchedule.parse(expression, ZoneOffset.UTC).next(after).orElseThrow().toString();
    }

    @Test
    void whenBothDayFieldsAreRestrictedEitherMatchesOtherwiseBoth() {
        // The 13th or any Friday.
        CronSchedule either = CronSchedule.parse("0 0 13 * FRI", ZoneOffset.UTC);
        assertThat(firings(either, Instant.parse("2026-02-01T00:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-02-06T00:00:00Z"), Instant.parse("2026-02-13T00:00:00Z"),
                Instant.parse("2026-02-20T00:00:00Z"));
        // Every second day of the month that is also a Monday: the day-of-month field starts with '*'.
        CronSchedule both = CronSchedule.parse("0 0 */2 * MON", ZoneOffset.UTC);
        assertThat(both.next(Instant.parse("2026-02-01T00:00:00Z")))
                .as("odd days, Mondays").contains(Instant.parse("2026-02-09T00:00:00Z"));
    }

    @Test
    void anImpossibleDateNeverFiresAndALeapDayFindsTheNextLeapYear() {
        assertThat(CronSchedule.parse("0 0 30 2 *", ZoneOffset.UTC).next(Instant.parse("2026-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(CronSchedule.parse("0 0 29 2 *", ZoneOffset.UTC).next(Instant.parse("2026-01-01T00:00:00Z")))
                .contains(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void aTimeSkippedWhenClocksGoForwardFiresOnceAtTheEndOfTheGap() {
        // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST.
        CronSchedule daily = CronSchedule.parse("30 2 * * *", BERLIN);
        assertThat(firings(daily, at("2026-03-28T12:00", BERLIN), 3)).containsExactly(
                at("2026-03-29T03:00", BERLIN), at("2026-03-30T02:30", BERLIN), at("2026-03-31T02:30", BERLIN));
        CronSchedule quarterly = CronSchedule.parse("*/15 * * * *", BERLIN);
        assertThat(firings(quarterly, at("2026-03-29T01:30", BERLIN), 4)).containsExactly(
                at("2026-03-29T01:45", BERLIN), at("2026-03-29T03:00", BERLIN), at("2026-03-29T03:15", BERLIN),
                at("2026-03-29T03:30", BERLIN));
    }

    @Test
    void aTimeRepeatedWhenClocksGoBackFiresOnlyAtItsFirstOccurrence() {
        // New York, 2026-11-01: 02:00 EDT becomes 01:00 EST, so 01:00-01:59 happen twice.
        CronSchedule halfHourly = CronSchedule.parse("*/30 * * * *", NEW_YORK);
        Instant firstOneThirty = ZonedDateTime.ofLocal(LocalDateTime.parse("2026-11-01T01:30"), NEW_YORK, null)
                .withEarlierOffsetAtOverlap().toInstant();
        assertThat(firings(halfHourly, at("2026-11-01T00:45", NEW_YORK), 4)).containsExactly(
                at("2026-11-01T01:00", NEW_YORK), firstOneThirty,
                firstOneThirty.plus(Duration.ofMinutes(90)), // 02:00 EST, after the repeated hour
                firstOneThirty.plus(Duration.ofMinutes(120)));
        // After the first occurrence, during the second, the repeated times do not fire again.
        CronSchedule daily = CronSchedule.parse("30 1 * * *", NEW_YORK);
        assertThat(daily.next(firstOneThirty.plus(Duration.ofMinutes(30))))
                .contains(at("2026-11-02T01:30", NEW_YORK));
    }

    @Test
    void invalidExpressionsFailNamingTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> CronSchedule.parse("60 * * * *", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute").hasMessageContaining("0-59");
        assertThatThrownBy(() -> CronSchedule.parse("* 24 * * *", ZoneOffset.UTC)).hasMessageContaining("hour");
        assertThatThrownBy(() -> CronSchedule.parse("* * 0 * *", ZoneOffset.UTC))
                .hasMessageContaining("day-of-month");
        assertThatThrownBy(() -> CronSchedule.parse("* * * FOO *", ZoneOffset.UTC))
                .hasMessageContaining("month").hasMessageContaining("JAN-DEC");
        assertThatThrownBy(() -> CronSchedule.parse("* * * * 8", ZoneOffset.UTC)).hasMessageContaining("day-of-week");
        assertThatThrownBy(() -> CronSchedule.parse("5-1 * * * *", ZoneOffset.UTC)).hasMessageContaining("backwards");
        assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *", ZoneOffset.UTC)).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronSchedule.parse("1,,2 * * * *", ZoneOffset.UTC)).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronSchedule.parse("-1 * * * *", ZoneOffset.UTC)).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronSchedule.parse("* * * *", ZoneOffset.UTC)).hasMessageContaining("expected 5");
        assertThatThrownBy(() -> CronSchedule.parse("@reboot", ZoneOffset.UTC)).hasMessageContaining("@daily");
    }

    // ------------------------------------------------------------------ the property test

    /** Whether the schedule fires at minute {@code t}, decided from the definition one minute at a time. */
    private static boolean firesAt(CronSchedule cron, Instant t) {
        ZoneId zone = cron.zone();
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        if (cron.matches(local)
                && ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant().equals(t)) {
            return true;
        }
        Instant minuteBefore = t.minus(1, ChronoUnit.MINUTES);
        if (zone.getRules().getOffset(minuteBefore).equals(zone.getRules().getOffset(t))) {
            return false; // no transition, so no gap ends at t
        }
        LocalDateTime before = LocalDateTime.ofInstant(minuteBefore, zone).plusMinutes(1);
        for (LocalDateTime skipped = before; skipped.isBefore(local); skipped = skipped.plusMinutes(1)) {
            if (cron.matches(skipped)) {
                return true; // t ends a gap that swallowed a matching time
            }
        }
        return false;
    }

    private static Optional<Instant> bruteForceNext(CronSchedule cron, Instant after) {
        Instant t = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        for (int i = 0; i < BRUTE_FORCE_MINUTES; i++, t = t.plus(1, ChronoUnit.MINUTES)) {
            if (firesAt(cron, t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static String randomField(SplittableRandom r, int min, int max, List<String> names) {
        int items = r.nextInt(4) == 0 ? 2 + r.nextInt(2) : 1;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            int a = r.nextInt(min, max + 1);
            int b = r.nextInt(a, max + 1);
            String va = names != null && r.nextBoolean() && a - min < names.size() ? names.get(a - min) : "" + a;
            String vb = names != null && r.nextBoolean() && b - min < names.size() ? names.get(b - min) : "" + b;
            parts.add(switch (r.nextInt(7)) {
                case 0, 1 -> "*";
                case 2 -> va;
                case 3 -> va + "-" + vb;
                case 4 -> "*/" + r.nextInt(1, Math.max(2, (max - min) / 2));
                case 5 -> va + "-" + vb + "/" + r.nextInt(1, 4);
                default -> a + "/" + r.nextInt(1, 6);
            });
        }
        return String.join(",", parts);
    }

    private static String randomExpression(SplittableRandom r) {
        String hour = r.nextInt(3) == 0 ? "" + r.nextInt(0, 4) : randomField(r, 0, 23, null); // often near DST
        return randomField(r, 0, 59, null) + " " + hour + " " + randomField(r, 1, 31, null) + " "
                + randomField(r, 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                "NOV", "DEC")) + " " + randomField(r, 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));
    }

    @Test
    void nextAgreesWithAMinuteByMinuteSearchForRandomExpressionsZonesAndInstantsAroundDstChanges() {
        SplittableRandom r = new SplittableRandom(20261207L);
        List<ZoneId> zones = List.of(BERLIN, NEW_YORK, ZoneOffset.UTC, ZoneId.of("Australia/Lord_Howe"));
        List<Instant> transitions = new ArrayList<>();
        for (ZoneId zone : zones.subList(0, 2)) {
            ZoneOffsetTransition tr = zone.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
            for (int i = 0; i < 6; i++, tr = zone.getRules().nextTransition(tr.getInstant())) {
                transitions.add(tr.getInstant());
            }
        }
        for (int i = 0; i < 300; i++) {
            String expression = randomExpression(r);
            ZoneId zone = zones.get(r.nextInt(zones.size()));
            CronSchedule cron = CronSchedule.parse(expression, zone);
            Instant base = r.nextBoolean() ? transitions.get(r.nextInt(transitions.size()))
                    : Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofMinutes(r.nextLong(4L * 365 * 24 * 60)));
            Instant after = base.plusSeconds(r.nextLong(-4 * 3600, 4 * 3600));
            Optional<Instant> expected = bruteForceNext(cron, after);
            Optional<Instant> actual = cron.next(after);
            String why = "'" + expression + "' in " + zone + " after " + after;
            if (expected.isPresent()) {
                assertThat(actual).as(why).isEqualTo(expected);
            } else {
                assertThat(actual.filter(a -> a.isBefore(after.plus(Duration.ofMinutes(BRUTE_FORCE_MINUTES)))))
                        .as(why).isEmpty();
            }
        }
    }
}
