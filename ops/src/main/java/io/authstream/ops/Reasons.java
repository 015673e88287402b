package io.authstream.ops;

import java.util.regex.Pattern;

/**
 * Keeps reasons in health answers short and free of secrets: health endpoints are scraped,
 * logged and shown on dashboards by people who must not see credentials.
 */
public final class Reasons {
    /** Longer reasons are cut: a reason names the problem, the log has the details. */
    public static final int MAX_LENGTH = 200;
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|secret|token|api[-_]?key|authorization|routing[-_]?key|client[-_]?secret)(\\s*[=:]\\s*)(\"[^\"]*\"|\\S+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");

    private Reasons() {
    }

    /** The reason without URL credentials, secret-looking values, control characters; at most {@link #MAX_LENGTH} characters. */
    public static String clean(String reason) {
        String r = CONTROL.matcher(reason).replaceAll(" ").strip();
        r = USER_INFO.matcher(r).replaceAll("$1***@");
        r = BEARER.matcher(r).replaceAll("$1 ***");
        r = SECRET_VALUE.matcher(r).replaceAll("$1$2***");
        return r.length() <= MAX_LENGTH ? r : r.substring(0, MAX_LENGTH - 1) + "…";
    }
}
