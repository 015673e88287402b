package io.authstream.retention.bench;

import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.retention.RetentionConfig;
import io.authstream.retention.RetentionService;
import io.authstream.retention.enforce.ApplyResult;
import io.authstream.retention.enforce.EraseResult;
import io.authstream.retention.enforce.Plan;
import io.authstream.retention.enforce.Progress;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark, not a test. Starts its own embedded Elasticsearch, loads N events (default 1,000,000)
 * spread evenly over 500 days (security 20 %, activity 50 %, noise 30 %; tenants t1/t2/t3; 10,000
 * users), then times plan, apply and a one-user erasure. The policy is the default plus tenant t3
 * at security 30d / activity 7d / noise 7d, so apply both drops whole indices and trims every
 * boundary and t3's events out of kept indices. The load rate (raw NDJSON {@code _bulk}, two
 * streams) is the reference peer measured in the same run.
 *
 * <p>Run (see docs/retention.md): {@code flock /tmp/authstream-bench.lock java -cp ... RetentionBenchmark [events]}
 */
public final class RetentionBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final int DAYS = 500;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        String heap = args.length > 1 ? args[1] : "1g";
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.builder().heap(heap).start()) {
            System.out.printf(Locale.ROOT, "Elasticsearch up in %.1f s (heap %s)%n", es.startupTime().toMillis() / 1000.0, heap);
            IndexLayout layout = IndexLayout.defaults();
            HttpClient http = HttpClient.newHttpClient();
            put(http, es, "/_index_template/bench", "{\"index_patterns\":[\"auth0-logs-*\"],\"priority\":500,\"template\":{"
                    + "\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},\"mappings\":" + mapping() + "}}");
            long t0 = System.nanoTime();
            load(http, es, layout, events);
            double loadS = (System.nanoTime() - t0) / 1e9;
            put(http, es, "/auth0-logs-*/_refresh", null);
            System.out.printf(Locale.ROOT, "loaded %,d events over %d days in %.1f s: %,.0f docs/s (reference: raw NDJSON _bulk, 2 streams)%n",
                    events, DAYS, loadS, events / loadS);

            RetentionPolicy policy = RetentionPolicy.parse("version: bench-1\ntenants: {t3: {security: 30d, activity: 7d, noise: 7d}}");
            RetentionConfig cfg = RetentionConfig.from(Config.of(Map.of("retention.elasticsearch.url", es.httpUrl(),
                    "retention.erasure-salt", "bench-salt-0123456789", "retention.operator", "bench",
                    "retention.max-clock-skew", "3650d")));
            try (RetentionService svc = RetentionService.builder(cfg).policy(policy).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
                long p0 = System.nanoTime();
                Plan plan = svc.plan();
                double planS = (System.nanoTime() - p0) / 1e9;
                System.out.printf(Locale.ROOT, "plan: %.2f s over %d indices -> %d indices to delete (%,d docs), %,d docs to trim%n",
                        planS, plan.survey().size(), plan.indicesToDelete(), plan.documentsInDeletedIndices(), plan.documentsToTrim());
                long a0 = System.nanoTime();
                ApplyResult r = svc.apply(Progress.NONE);
                double applyS = (System.nanoTime() - a0) / 1e9;
                System.out.printf(Locale.ROOT, "apply: %.1f s total; %d indices deleted (%,d docs); %,d docs trimmed in %.1f s = %,.0f docs/s; %d passes%n",
                        applyS, r.indicesDeleted(), r.documentsInDeletedIndices(), r.documentsTrimmed(),
                        r.trimTime().toMillis() / 1000.0, r.trimmedPerSecond(), r.passes());
                long e0 = System.nanoTime();
                EraseResult er = svc.erase("u4242", Progress.NONE);
                double eraseS = (System.nanoTime() - e0) / 1e9;
                System.out.printf(Locale.ROOT, "erase one user: %.2f s, %,d events deleted%n", eraseS, er.deleted());
                long q0 = System.nanoTime();
                Plan after = svc.plan();
                System.out.printf(Locale.ROOT, "plan after apply: %.2f s, %d actions, %d violations%n",
                        (System.nanoTime() - q0) / 1e9, after.actions().size(), after.violations());
                System.out.printf(Locale.ROOT, "RESULT events=%d plan_s=%.2f apply_s=%.1f indices_deleted=%d trimmed=%d trim_docs_per_s=%.0f erase_s=%.2f load_docs_per_s=%.0f%n",
                        events, planS, applyS, r.indicesDeleted(), r.documentsTrimmed(), r.trimmedPerSecond(), eraseS, events / loadS);
            }
        }
    }

    private static String mapping() {
        return "{\"dynamic\":false,\"properties\":{\"@timestamp\":{\"type\":\"date\"},\"event\":{\"properties\":{\"id\":{\"type\":\"keyword\"},"
                + "\"code\":{\"type\":\"keyword\"},\"original\":{\"type\":\"keyword\",\"index\":false,\"doc_values\":false}}},"
                + "\"user\":{\"properties\":{\"id\":{\"type\":\"keyword\"}}},\"source\":{\"properties\":{\"ip\":{\"type\":\"ip\"}}},"
                + "\"authstream\":{\"properties\":{\"retention_class\":{\"type\":\"keyword\"},\"tenant\":{\"type\":\"keyword\"}}}}}";
    }

    private static void load(HttpClient http, EmbeddedElasticsearch es, IndexLayout layout, int events) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> pending = new ArrayList<>();
        Random rnd = new Random(1);
        int batch = 5000;
        Instant start = NOW.minus(Duration.ofDays(DAYS));
        long span = Duration.ofDays(DAYS).toMillis();
        for (int from = 0; from < events; from += batch) {
            StringBuilder nd = new StringBuilder(batch * 700);
            for (int i = from; i < Math.min(events, from + batch); i++) {
                Instant ts = start.plusMillis((long) ((i + rnd.nextDouble()) * span / events));
                double x = rnd.nextDouble();
                RetentionClass c = x < 0.2 ? RetentionClass.SECURITY : x < 0.7 ? RetentionClass.ACTIVITY : RetentionClass.NOISE;
                String id = String.format(Locale.ROOT, "90%022d", i);
                String user = "u" + rnd.nextInt(10_000);
                String ip = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
                String original = "{\\\"log_id\\\":\\\"" + id + "\\\",\\\"data\\\":{\\\"date\\\":\\\"" + ts + "\\\",\\\"type\\\":\\\"s\\\","
                        + "\\\"description\\\":\\\"Successful login\\\",\\\"client_id\\\":\\\"AaiyAPdpYdesoKnqjj8HJqRn4T5titww\\\","
                        + "\\\"ip\\\":\\\"" + ip + "\\\",\\\"user_id\\\":\\\"" + user + "\\\",\\\"user_agent\\\":\\\"Mozilla/5.0\\\"}}";
                nd.append("{\"index\":{\"_index\":\"").append(layout.eventIndex(c, ts)).append("\",\"_id\":\"").append(id).append("\"}}\n")
                        .append("{\"@timestamp\":\"").append(ts).append("\",\"event\":{\"id\":\"").append(id)
                        .append("\",\"code\":\"s\",\"original\":\"").append(original).append("\"},\"user\":{\"id\":\"").append(user)
                        .append("\"},\"source\":{\"ip\":\"").append(ip).append("\"},\"authstream\":{\"retention_class\":\"").append(c.id())
                        .append("\",\"tenant\":\"t").append(1 + rnd.nextInt(3)).append("\"}}\n");
            }
            String body = nd.toString();
            pending.add(pool.submit(() -> {
                String r = put(http, es, "/_bulk", body);
                if (r.contains("\"errors\":true")) {
                    throw new IllegalStateException("bulk errors: " + r.substring(0, Math.min(500, r.length())));
                }
                return null;
            }));
            if (pending.size() >= 4) {
                pending.remove(0).get();
            }
        }
        for (Future<?> f : pending) {
            f.get();
        }
        pool.shutdown();
    }

    private static String put(HttpClient http, EmbeddedElasticsearch es, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.httpUrl() + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", path.equals("/_bulk") ? "application/x-ndjson" : "application/json");
        b = body == null ? b.POST(HttpRequest.BodyPublishers.noBody()) : path.startsWith("/_index_template")
                ? b.PUT(HttpRequest.BodyPublishers.ofString(body)) : b.POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
