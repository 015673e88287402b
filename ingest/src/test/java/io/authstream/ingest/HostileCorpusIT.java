package io.authstream.ingest;

import static io.authstream.ingest.IngestFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hostile corpus in {@code src/test/resources/hostile-corpus} (made by
 * {@code src/test/corpus-gen/make_corpus.py}, listed in docs/ingest.md): every file is posted to the
 * real receiver and must get the status and error code, or accepted/duplicates/rejected counts, that
 * {@code index.tsv} gives; afterwards nothing is in flight and the receiver is ready.
 */
@EmbeddedStack
class HostileCorpusIT {
    record Entry(String file, String encoding, int status, String expect) {
    }

    static List<Entry> index() {
        List<Entry> out = new ArrayList<>();
        for (String line : new String(resource("index.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Entry(f[0], f[1], Integer.parseInt(f[2]), f[3]));
        }
        return out;
    }

    static byte[] resource(String name) {
        try (InputStream in = HostileCorpusIT.class.getResourceAsStream("/hostile-corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String expected(Entry e) {
        if (e.status() == 200) {
            String[] n = e.expect().split("/");
            return "{\"accepted\":" + n[0] + ",\"duplicates\":" + n[1] + ",\"rejected\":" + n[2] + "}";
        }
        return "{\"error\":\"" + e.expect() + "\"";
    }

    @Test
    void answersEveryInputOfTheCorpusAsIndexedAndStaysReady(EmbeddedKafka kafka) {
        List<Entry> corpus = index();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        c.put("ingest.max-events-per-request", "1000");
        c.put("ingest.max-rejected-per-request", "500");
        c.put("ingest.max-event-bytes", "131072");
        List<String> wrong = new ArrayList<>();
        try (IngestServer s = IngestFixture.start(c)) {
            for (Entry e : corpus) {
                Map<String, String> headers = e.encoding().equals("-") ? Map.of() : Map.of("Content-Encoding", e.encoding());
                HttpResponse<String> r = IngestFixture.post(s.endpoint("main"), TOKEN, "application/json", resource(e.file()), headers);
                boolean ok = r.statusCode() == e.status() && (e.status() == 200 ? r.body().equals(expected(e)) : r.body().startsWith(expected(e)));
                if (!ok || r.body().contains("Exception")) {
                    wrong.add(e.file() + ": expected " + e.status() + " " + e.expect() + ", got " + r.statusCode() + " "
                            + r.body().substring(0, Math.min(300, r.body().length())));
                }
            }
            assertThat(wrong).as("inputs answered otherwise than indexed").isEmpty();
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String metrics = "";
            while (System.nanoTime() < end && !metrics.contains("authstream_ingest_in_flight_requests 0.0")) {
                metrics = IngestFixture.get(IngestFixture.ops(s, "/metrics")).body();
            }
            assertThat(metrics).contains("authstream_ingest_in_flight_requests 0.0").contains("authstream_ingest_in_flight_bytes 0.0");
            assertThat(IngestFixture.get(IngestFixture.ops(s, "/health/ready")).statusCode()).isEqualTo(200);
        }
    }
}
