package io.authstream.schemas.event;

import java.time.Instant;

/**
 * The ISO-8601 profile accepted for {@code data.date}, parsed by hand: it is on the fast path of
 * every event, and {@code DateTimeFormatter} costs several times more. See {@link EnvelopeParser#parseDate}.
 */
final class IsoDate {
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private IsoDate() {
    }

    /**
     * The instant, or null if {@code s} is not in the profile. With {@code zoneOptional} a missing
     * zone reads as UTC, which only serves to tell "no zone" apart from "not a date".
     */
    static Instant parse(String s, boolean zoneOptional) {
        int n = s.length();
        if (n < 16 || n > 40) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != 't') || s.charAt(13) != ':') {
            return null;
        }
        int i = 16;
        int second = 0;
        int nanos = 0;
        if (i < n && s.charAt(i) == ':') {
            if (i + 3 > n) {
                return null;
            }
            second = digits(s, i + 1, 2);
            if (second < 0) {
                return null;
            }
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int j = i + 1;
                int scale = 100_000_000;
                while (j < n && isDigit(s.charAt(j))) {
                    if (scale == 0) {
                        return null; // more than 9 fraction digits
                    }
                    nanos += (s.charAt(j) - '0') * scale;
                    scale /= 10;
                    j++;
                }
                if (j == i + 1) {
                    return null;
                }
                i = j;
            }
        }
        int offsetSeconds;
        if (i == n) {
            if (!zoneOptional) {
                return null;
            }
            offsetSeconds = 0;
        } else {
            char z = s.charAt(i);
            if (z == 'Z' || z == 'z') {
                if (i + 1 != n) {
                    return null;
                }
                offsetSeconds = 0;
            } else if (z == '+' || z == '-') {
                if (i + 6 != n || s.charAt(i + 3) != ':') {
                    return null;
                }
                int oh = digits(s, i + 1, 2);
                int om = digits(s, i + 4, 2);
                if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                    return null;
                }
                offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            } else {
                return null;
            }
        }
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = epochDay(year, month, day);
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The non-negative number in {@code s[at, at+count)}, or -1 if those are not all digits. */
    private static int digits(String s, int at, int count) {
        int v = 0;
        for (int k = at; k < at + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
            return 29;
        }
        return DAYS_IN_MONTH[month - 1];
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (as {@code LocalDate.toEpochDay}). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
                total--;
            }
        }
        return total - 719_528L;
    }
}
