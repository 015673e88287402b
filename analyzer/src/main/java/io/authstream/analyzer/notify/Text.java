package io.authstream.analyzer.notify;

import java.util.regex.Pattern;

/**
 * Makes attacker-typed text (user names, IPs, client names and everything derived from them in an
 * alert) safe to show. Control characters (C0, DEL, C1) and bidirectional overrides are removed
 * everywhere, so a user name cannot forge console lines or reorder what a reader sees; Slack text
 * is additionally escaped as Slack requires ({@code & < >}), so {@code <!channel>} or
 * {@code <https://evil|click>} arrive as inert text instead of a mention or a disguised link.
 */
final class Text {
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]");

    private Text() {
    }

    /** {@code s} without control characters and bidi overrides (null as empty). */
    static String clean(String s) {
        return s == null ? "" : UNSAFE.matcher(s).replaceAll("");
    }

    /** {@link #clean} and Slack's mrkdwn escaping of {@code &}, {@code <} and {@code >}. */
    static String slack(String s) {
        return clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
