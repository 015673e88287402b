package io.authstream.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written date parser agrees with java.time on everything inside its profile. */
class IsoDateTest {
    private static final Pattern PROFILE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:\\d{2})");
    private final SplittableRandom random = new SplittableRandom(20261127);

    @Test
    void agreesWithJavaTimeOnRandomInstantsAndOffsets() {
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            ZoneOffset off = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(t, off));

            assertThat(EnvelopeParser.parseDate(text)).as(text).isEqualTo(javaTime(text));
        }
    }

    @Test
    void acceptsAMutatedDateOnlyWhenJavaTimeReadsItTheSameWay() {
        String alphabet = "0123456789-:.TZtz+ 9";
        String[] seeds = {"2024-02-29T23:59:59.999Z", "2023-12-31T00:00:00+14:00", "2021-11-03T05:54:15.721Z", "2000-01-01T00:00Z"};
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder(seeds[i % seeds.length]);
            for (int k = random.nextInt(1, 3); k > 0; k--) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = s.toString();
            Instant ours = EnvelopeParser.parseDate(text);
            Instant theirs = javaTime(text);
            if (ours != null) {
                accepted++;
                assertThat(theirs).as(text).isEqualTo(ours);
            } else if (theirs != null && PROFILE.matcher(text).matches()) {
                throw new AssertionError("rejected a date in the profile that java.time reads: " + text);
            }
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    private static Instant javaTime(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
