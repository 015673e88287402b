package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** The one-line form of an alert shared by the console and Slack's fallback text, free of control characters. */
final class Messages {
    private Messages() {
    }

    /** {@code ALERT FIRING high credential-stuffing acme/prod ip=1.2.3.4 20/20 — summary [id]}. */
    static String line(Alert a) {
        String group = a.group().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        String subjects = subjects(a, " ", "=");
        return Text.clean("ALERT " + a.state().id().toUpperCase() + " " + a.severity().id() + " " + a.rule() + " "
                + a.tenant() + "/" + a.stream() + (group.isEmpty() ? "" : " " + group)
                + (subjects.isEmpty() ? "" : " " + subjects) + " " + a.count() + "/"
                + a.threshold() + " — " + a.summary() + " [" + a.id() + " rev " + a.revision() + "]");
    }

    /**
     * The stable identities the alert names ({@code user_id=auth0|a1,auth0|a2 user_name=…}) that its
     * group does not already show, so a responder can act on the account without a search.
     */
    static String subjects(Alert a, String between, String assign) {
        Collection<String> shown = a.group().values();
        return a.subjects().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().stream().filter(v -> !shown.contains(v)).toList()))
                .filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + assign + String.join(",", e.getValue()))
                .collect(Collectors.joining(between));
    }
}
