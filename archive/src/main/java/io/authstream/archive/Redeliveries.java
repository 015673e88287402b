package io.authstream.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.archive.es.ElasticsearchGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at redeliveries Elasticsearch refused as duplicates ({@code create} on an existing
 * {@code log_id}): when the archived {@code event.original} and the redelivered event differ as
 * JSON, the first version stays (the archive is append-only evidence), and the difference is
 * counted ({@code authstream.archive.redeliveries.changed}) and logged with the log id, the index
 * and both sizes, never the content. One {@code _mget} per bulk response with duplicates; if it
 * fails, archiving goes on and {@code authstream.archive.redeliveries.unchecked} counts them.
 */
final class Redeliveries {
    private static final Logger LOG = LoggerFactory.getLogger(Redeliveries.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ElasticsearchGateway es;
    private final ArchiveMetrics metrics;

    Redeliveries(ElasticsearchGateway es, ArchiveMetrics metrics) {
        this.es = es;
        this.metrics = metrics;
    }

    /** Compares every duplicate event with its archived first version. Never throws. */
    void check(List<Item> duplicates) {
        List<Item> events = duplicates.stream().filter(i -> i.raw() != null && i.line() != null).toList();
        if (events.isEmpty()) {
            return;
        }
        try {
            List<Map.Entry<String, String>> docs = new ArrayList<>();
            for (Item it : events) {
                JsonNode action = MAPPER.readTree(actionLine(it.line())).path("create");
                docs.add(Map.entry(action.path("_index").asText(), action.path("_id").asText()));
            }
            JsonNode found = es.mget(docs, "event.original");
            for (int i = 0; i < events.size(); i++) {
                JsonNode doc = found.path(i);
                JsonNode original = doc.path("_source").path("event").path("original");
                if (!original.isTextual()) {
                    continue; // not an event document, or gone
                }
                Item it = events.get(i);
                if (!MAPPER.readTree(original.asText()).equals(MAPPER.readTree(it.raw()))) {
                    metrics.changedRedeliveries.increment();
                    LOG.warn("Redelivery of {} into {} has different content; the first version is kept (archived {} bytes,"
                            + " redelivered {} bytes)", it.id(), doc.path("_index").asText(),
                            original.asText().getBytes(StandardCharsets.UTF_8).length, it.raw().length);
                }
            }
        } catch (IOException | RuntimeException e) {
            metrics.uncheckedRedeliveries.increment(events.size());
            LOG.debug("Could not compare {} redeliveries with their archived versions: {}", events.size(), e.toString());
        }
    }

    private static String actionLine(byte[] line) {
        int nl = 0;
        while (nl < line.length && line[nl] != '\n') {
            nl++;
        }
        return new String(line, 0, nl, StandardCharsets.UTF_8);
    }
}
