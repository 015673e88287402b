package io.authstream.schemas.index;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How much event time one archive index covers. Each period has its own, unambiguous name suffix. */
public enum IndexPeriod {
    /** {@code 2026.11.27} */
    DAY,
    /** {@code 2026w48}: ISO week-based year and week (weeks start on Monday). */
    WEEK,
    /** {@code 2026.11} */
    MONTH;

    private static final DateTimeFormatter DAY_FMT = DateTimeFormatter.ofPattern("uuuu.MM.dd", Locale.ROOT);
    private static final Pattern DAY_RE = Pattern.compile("(\\d{4})\\.(\\d{2})\\.(\\d{2})");
    private static final Pattern WEEK_RE = Pattern.compile("(\\d{4})w(\\d{2})");
    private static final Pattern MONTH_RE = Pattern.compile("(\\d{4})\\.(\\d{2})");

    /** First day of the period containing {@code day}. */
    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** First day after the period that starts on {@code start}. */
    public LocalDate endExclusive(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /** The name suffix of the period containing {@code day}. */
    public String suffix(LocalDate day) {
        return switch (this) {
            case DAY -> DAY_FMT.format(day);
            case WEEK -> String.format(Locale.ROOT, "%04dw%02d",
                    day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%04d.%02d", day.getYear(), day.getMonthValue());
        };
    }

    /** A parsed suffix: which period kind and its first day. */
    public record Parsed(IndexPeriod period, LocalDate start) {
        public LocalDate endExclusive() {
            return period.endExclusive(start);
        }
    }

    /**
     * Parses a suffix made by {@link #suffix}; empty if it is not one. Only the canonical form is
     * accepted: {@code 2025w53} is refused (2025 has 52 ISO weeks; that Monday's week is
     * {@code 2026w01}), so one period never has two names.
     */
    public static Optional<Parsed> parse(String suffix) {
        Parsed p = parseLenient(suffix);
        return p != null && p.period().suffix(p.start()).equals(suffix) ? Optional.of(p) : Optional.empty();
    }

    private static Parsed parseLenient(String suffix) {
        try {
            Matcher m = DAY_RE.matcher(suffix);
            if (m.matches()) {
                return new Parsed(DAY, LocalDate.of(i(m, 1), i(m, 2), i(m, 3)));
            }
            m = WEEK_RE.matcher(suffix);
            if (m.matches()) {
                LocalDate d = LocalDate.of(i(m, 1), 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, i(m, 2));
                return new Parsed(WEEK, d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            }
            m = MONTH_RE.matcher(suffix);
            if (m.matches()) {
                return new Parsed(MONTH, LocalDate.of(i(m, 1), i(m, 2), 1));
            }
        } catch (java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    private static int i(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }
}
