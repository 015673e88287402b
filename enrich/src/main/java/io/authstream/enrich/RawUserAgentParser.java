package io.authstream.enrich;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import nl.basjes.parse.useragent.UserAgent.ImmutableUserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Raw {@code Mozilla/5.0 …} strings, parsed by Yauaa. Chosen over uap-java by measurement
 * (docs/archive.md#enrichment): about 5× faster per uncached parse, at the price of a few seconds
 * of start-up and ~130 MB of heap. The analyzer is built on a background thread at start so that
 * no component waits for it; the first raw string parsed waits for what remains of that time.
 */
final class RawUserAgentParser implements Function<String, UserAgent> {
    private static final String UNKNOWN = "Unknown";
    private static final String[] FIELDS = {"AgentName", "AgentVersion", "OperatingSystemName", "OperatingSystemVersion",
            "DeviceName"};

    private final CompletableFuture<UserAgentAnalyzer> analyzer;

    private RawUserAgentParser(CompletableFuture<UserAgentAnalyzer> analyzer) {
        this.analyzer = analyzer;
    }

    static RawUserAgentParser create() {
        CompletableFuture<UserAgentAnalyzer> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(UserAgentAnalyzer.newBuilder().withoutCache().withFields(FIELDS).hideMatcherLoadStats()
                        .immediateInitialization().build());
            } catch (RuntimeException | LinkageError e) {
                f.completeExceptionally(e);
            }
        }, "authstream-user-agent-init");
        t.setDaemon(true);
        t.start();
        return new RawUserAgentParser(f);
    }

    @Override
    public UserAgent apply(String raw) {
        UserAgentAnalyzer a = analyzer.join(); // the caller's cache keeps this rare
        ImmutableUserAgent r = a.parse(raw);
        return new UserAgent(value(r, "AgentName"), version(r, "AgentVersion"), value(r, "OperatingSystemName"),
                version(r, "OperatingSystemVersion"), value(r, "DeviceName"));
    }

    private static Optional<String> value(ImmutableUserAgent r, String field) {
        String v = r.getValue(field);
        return v == null || v.isBlank() || v.startsWith(UNKNOWN) || v.equals("??") ? Optional.empty() : Optional.of(v);
    }

    private static Optional<String> version(ImmutableUserAgent r, String field) {
        return value(r, field).filter(v -> !v.equals("0") && !v.equals("??"));
    }
}
