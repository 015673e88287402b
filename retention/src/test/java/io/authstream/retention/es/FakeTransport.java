package io.authstream.retention.es;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A scripted Elasticsearch for unit tests: answers by method, endpoint (a regular expression) and
 * parameters, first matching rule wins; anything unscripted answers {@code 200 {}}. Records every
 * request.
 */
public final class FakeTransport implements EsTransport {
    /** One request as sent. */
    public record Sent(String method, String endpoint, Map<String, String> params, String body) {
    }

    private record Rule(String method, Pattern endpoint, Predicate<Map<String, String>> when, int status, String body) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();

    public FakeTransport on(String method, String endpointRegex, String json) {
        return on(method, endpointRegex, p -> true, 200, json);
    }

    public FakeTransport on(String method, String endpointRegex, Predicate<Map<String, String>> when, int status, String json) {
        rules.add(new Rule(method, Pattern.compile(endpointRegex), when, status, json));
        return this;
    }

    @Override
    public Reply send(String method, String endpoint, Map<String, String> params, byte[] body, String contentType) {
        sent.add(new Sent(method, endpoint, Map.copyOf(params), body == null ? null : new String(body, StandardCharsets.UTF_8)));
        for (Rule r : rules) {
            if (r.method().equals(method) && r.endpoint().matcher(endpoint).matches() && r.when().test(params)) {
                return new Reply(r.status(), r.body().getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Reply(200, "HEAD".equals(method) ? new byte[0] : "{}".getBytes(StandardCharsets.UTF_8));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> sent(String method, String endpointRegex) {
        Pattern p = Pattern.compile(endpointRegex);
        return sent.stream().filter(s -> s.method().equals(method) && p.matcher(s.endpoint()).matches()).toList();
    }
}
