package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.util.stream.Collectors;

/** The one-line form of an alert shared by the console and Slack's fallback text, free of control characters. */
final class Messages {
    private Messages() {
    }

    /** {@code ALERT FIRING high credential-stuffing acme/prod ip=1.2.3.4 20/20 — summary [id]}. */
    static String line(Alert a) {
        String group = a.group().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return Text.clean("ALERT " + a.state().id().toUpperCase() + " " + a.severity().id() + " " + a.rule() + " "
                + a.tenant() + "/" + a.stream() + (group.isEmpty() ? "" : " " + group) + " " + a.count() + "/"
                + a.threshold() + " — " + a.summary() + " [" + a.id() + " rev " + a.revision() + "]");
    }
}
