package io.authstream.embedded.emulator;

/**
 * What a replay did. {@code accepted}, {@code duplicates} and {@code rejected} come from the
 * receiver's answers ({@code {"accepted":N,"duplicates":D,"rejected":R}}); a receiver that answers
 * 2xx without that shape has all its events counted as accepted.
 */
public record ReplaySummary(long events, long requests, long sent, long accepted, long duplicates, long rejected,
                            long retries, long failures, long undelivered, double seconds) {

    public String render() {
        return String.format("events %d, requests %d, sent %d, accepted %d, duplicates %d, rejected %d, retries %d, "
                        + "failed attempts %d, undelivered %d, %.1f s (%.0f events/s)",
                events, requests, sent, accepted, duplicates, rejected, retries, failures, undelivered, seconds,
                seconds > 0 ? events / seconds : 0.0);
    }
}
