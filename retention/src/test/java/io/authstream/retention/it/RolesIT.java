package io.authstream.retention.it;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.retention.RetentionConfig;
import io.authstream.retention.RetentionService;
import io.authstream.retention.audit.ChainVerdict;
import io.authstream.retention.enforce.Progress;
import io.authstream.retention.es.Es;
import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.it.ArchiveFixture.Event;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The shipped least-privilege roles ({@code docs/examples/elasticsearch-roles.json}, with the index
 * prefix {@code auth0-} rewritten) created in a real Elasticsearch of its own with security on (the
 * shared test node runs without it):
 * the retention user does its whole job and appends audit entries, but cannot delete or overwrite
 * one, nor delete a hold; the archive user writes events and cannot touch the audit trail at all.
 */
class RolesIT {
    static final Instant NOW = RetentionIT.NOW;
    static final String PREFIX = "roles-";
    static final String PASSWORD = "roles-it-password-0123";
    private final HttpClient http = HttpClient.newHttpClient();
    private String baseUrl;

    @Test
    @Disabled("Not passing yet: the minimal distribution cannot create native roles (no analysis-common: 'Unknown filter type"
            + " [pattern_capture]'), and roles.yml written after start was not loaded within 60 s. Needs a roles.yml option in"
            + " EmbeddedElasticsearch.Builder (written before start).")
    void theRetentionRoleAppendsAuditButCannotDeleteOrOverwriteItAndTheArchiveRoleCannotTouchIt() throws IOException {
        // The minimal distribution cannot create the native security index (it lacks analysis-common),
        // so the roles go into the file realm: roles.yml (JSON is YAML), users via elasticsearch-users.
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.builder().security(true)
                .user("roles_retention", PASSWORD, "authstream_retention").user("roles_archive", PASSWORD, "authstream_archive").start()) {
            Files.writeString(es.instanceDir().resolve("config").resolve("roles.yml"), roles());
            check(es);
        }
    }

    private void check(EmbeddedElasticsearch es) throws IOException {
        baseUrl = es.httpUrl();
        ArchiveFixture f = new ArchiveFixture(es, PREFIX).load();
        awaitRolesLoaded();

        // The archive user writes an event (one expired), as the archive does.
        Event expired = new Event("noise-old", RetentionClass.NOISE, "t1", "u1", "10.0.0.1",
                RetentionIT.cutoff(RetentionClass.NOISE, null).minus(Duration.ofDays(2)));
        Event young = new Event("activity-young", RetentionClass.ACTIVITY, "t1", "u1", "10.0.0.3", NOW.minus(Duration.ofDays(1)));
        for (Event e : new Event[] {expired, young}) {
            assertThat(as("roles_archive", "PUT", "/" + e.index(f.layout()) + "/_create/" + e.id() + "?refresh=true",
                    ArchiveFixture.document(e))).as("archive creates events").isEqualTo(201);
        }

        String audit = f.layout().auditIndex(NOW);
        try (RetentionService svc = retentionUser(es)) {
            svc.addHold("CASE-R", "roles", new HoldSelection(null, "u-held", null, null, null));
            svc.plan();
            svc.apply(Progress.NONE);
            assertThat(svc.verify().passed()).isTrue();
            svc.storeReport(svc.report(Duration.ofDays(30)));
            ChainVerdict v = svc.auditVerify();
            assertThat(v.intact()).as(v.describe()).isTrue();
            assertThat(v.head().seq()).isGreaterThan(3);
        }
        assertThat(f.countIn(f.layout().eventIndexPattern(), null)).as("apply deleted the expired event as the retention user").isEqualTo(1);

        String first = "/" + audit + "/_doc/000000000001";
        assertThat(as("roles_retention", "GET", first, null)).isEqualTo(200);
        assertThat(as("roles_retention", "DELETE", first, null)).as("retention deletes an audit entry").isEqualTo(403);
        assertThat(as("roles_retention", "PUT", first, "{\"action\":\"forged\"}")).as("retention overwrites an audit entry").isEqualTo(403);
        assertThat(as("roles_retention", "POST", "/" + audit + "/_update/000000000001", "{\"doc\":{\"action\":\"forged\"}}"))
                .as("retention updates an audit entry").isEqualTo(403);
        assertThat(as("roles_retention", "DELETE", "/" + audit, null)).as("retention deletes the audit index").isEqualTo(403);
        assertThat(as("roles_retention", "DELETE", "/" + PREFIX + "retention-holds/_doc/CASE-R", null)).as("retention deletes a hold")
                .isEqualTo(403);
        assertThat(as("roles_retention", "DELETE", "/" + PREFIX + "retention-holds", null)).as("retention deletes the holds index")
                .isEqualTo(403);

        assertThat(as("roles_archive", "GET", first, null)).as("archive reads audit").isEqualTo(403);
        assertThat(as("roles_archive", "POST", "/" + audit + "/_search", "{}")).as("archive searches audit").isEqualTo(403);
        assertThat(as("roles_archive", "PUT", "/" + audit + "/_create/forged", "{\"action\":\"forged\"}")).as("archive appends audit")
                .isEqualTo(403);
        assertThat(as("roles_archive", "DELETE", first, null)).as("archive deletes audit").isEqualTo(403);
        assertThat(as("roles_archive", "DELETE", "/" + young.index(f.layout()) + "/_doc/" + young.id(), null))
                .as("archive deletes an event").isEqualTo(403);
        assertThat(f.call("GET", first, null).path("_source").path("action").asText()).isEqualTo("audit-chain-start");
    }

    private static String roles() throws IOException {
        JsonNode roles = Es.JSON.readTree(Files.readString(Path.of("..", "docs", "examples", "elasticsearch-roles.json")));
        return roles.toString().replace("auth0-", PREFIX);
    }

    /** Elasticsearch re-reads roles.yml every few seconds: wait until both users hold their roles' privileges. */
    private void awaitRolesLoaded() {
        String body = "{\"index\":[{\"names\":[\"" + PREFIX + "audit-x\"],\"privileges\":[\"create_doc\"]}]}";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!hasPrivileges("roles_retention", body) || as("roles_archive", "GET", "/_security/_authenticate", null) != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the file-realm roles were not loaded within 60 s");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean hasPrivileges(String user, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(baseUrl + "/_security/user/_has_privileges"))
                .method("POST", HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", EmbeddedElasticsearch.basicAuth(user, PASSWORD)).timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return resp.statusCode() == 200 && Es.JSON.readTree(resp.body()).path("has_all_requested").asBoolean();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RetentionService retentionUser(EmbeddedElasticsearch es) {
        Map<String, String> m = Map.of("retention.elasticsearch.url", es.httpUrl(), "retention.index-prefix", PREFIX,
                "retention.operator", "roles-it", "retention.lock-wait", "0s", "retention.max-clock-skew", "3650d",
                "retention.elasticsearch.username", "roles_retention", "retention.elasticsearch.password", PASSWORD);
        return RetentionService.builder(RetentionConfig.from(Config.of(m))).clock(new MutableClock(NOW)).policy(RetentionIT.POLICY).build();
    }

    private int as(String user, String method, String path, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", EmbeddedElasticsearch.basicAuth(user, PASSWORD)).timeout(Duration.ofSeconds(30)).build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
