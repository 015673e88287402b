package io.authstream.cli;

import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.notify.Notifier;
import io.authstream.archive.ArchiveService;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.ingest.IngestServer;
import io.authstream.retention.RetentionService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The running parts of {@code authstream local}, and what a user needs to know about them.
 *
 * @param opsEndpoints component → host:port of its operations endpoint, in start order
 */
record LocalStack(EmbeddedKafka kafka, EmbeddedElasticsearch es, IngestServer ingest, ArchiveService archive,
                  Analyzer analyzer, Notifier notifier, RetentionService retention, Map<String, String> opsEndpoints,
                  LocalCredentials credentials, Path dataDir) {

    /** A shell command substitution that prints one value of a properties file. */
    static String shellRead(Path file, String key) {
        return "$(sed -n 's/^" + key + "=//p' " + file + ")";
    }

    String webhookUrl() {
        return ingest.endpoint("main").toString();
    }

    /**
     * What a user needs to start sending events. The token and the Elasticsearch password are not
     * printed (terminals are recorded, shared and scrolled back by others): a token prefix, and
     * shell snippets that read them from credentials.properties.
     */
    void printBanner(PrintWriter out, double seconds) {
        Path creds = LocalCredentials.file(dataDir);
        out.printf("authstream local: ready in %.1f s%n", seconds);
        out.println();
        out.println("  Webhook (Auth0 Payload URL) : " + webhookUrl());
        out.println("  Authorization token         : " + credentials.tokenPrefix() + " (webhook.token in " + creds + ")");
        out.println("  Try it                      : curl -s -H \"Authorization: " + LocalStack.shellRead(creds, "webhook.token")
                + "\" -H 'Content-Type: application/json' --data-binary @events.jsonl " + webhookUrl());
        out.println("  Elasticsearch               : " + es.httpUrl() + "  (user elastic, password elastic.password in "
                + creds + ", pid " + es.pid() + ")");
        out.println("  Kafka bootstrap servers     : " + kafka.bootstrapServers());
        out.println("  Health and metrics          : /health/live, /health/ready, /health/startup, /metrics on each of");
        opsEndpoints.forEach((component, address) -> out.printf("  %-28s: http://%s%n", "  " + component, address));
        out.println("  Data directory              : " + dataDir + " (secrets in credentials.properties)");
        out.println("  Alerts                      : printed below as they fire; also in the " + "auth0-alerts-* index");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
