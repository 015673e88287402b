package io.authstream.retention.it;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.retention.RetentionConfig;
import io.authstream.retention.RetentionService;
import io.authstream.retention.audit.SubjectHash;
import io.authstream.retention.enforce.ApplyResult;
import io.authstream.retention.enforce.Checkpoint;
import io.authstream.retention.enforce.EraseResult;
import io.authstream.retention.enforce.Plan;
import io.authstream.retention.enforce.Progress;
import io.authstream.retention.enforce.RunLock;
import io.authstream.retention.es.Es;
import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.it.ArchiveFixture.Event;
import io.authstream.retention.report.ReportRenderer;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import io.authstream.schemas.record.RetentionReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The "done when", against the real embedded Elasticsearch; ground truth comes from the fixture, never from the job. */
@EmbeddedStack
class RetentionIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration GRACE = Duration.ofDays(1);
    static final RetentionPolicy POLICY = RetentionPolicy.parse("version: it-1\ntenants: {t2: {activity: 60d}}");
    static final String SALT = "it-salt-0123456789abcdef";

    /** The rule, restated independently of the code under test: limits 400/90/30 days, t2 activity 60, grace 1 day. */
    static Instant cutoff(RetentionClass c, String tenant) {
        int days = switch (c) {
            case SECURITY -> 400;
            case ACTIVITY -> "t2".equals(tenant) ? 60 : 90;
            case NOISE -> 30;
        };
        return NOW.minus(Duration.ofDays(days)).minus(GRACE);
    }

    static boolean expired(Event e) {
        return e.ts().isBefore(cutoff(e.cls(), e.tenant()));
    }

    static Map<RetentionClass, List<Instant>> edges() {
        return Map.of(RetentionClass.SECURITY, List.of(cutoff(RetentionClass.SECURITY, null)),
                RetentionClass.ACTIVITY, List.of(cutoff(RetentionClass.ACTIVITY, null), cutoff(RetentionClass.ACTIVITY, "t2")),
                RetentionClass.NOISE, List.of(cutoff(RetentionClass.NOISE, null)));
    }

    static RetentionService service(EmbeddedElasticsearch es, String prefix, java.time.Clock clock, Checkpoint cp, int batch) {
        Map<String, String> m = new HashMap<>(Map.of("retention.elasticsearch.url", es.httpUrl(), "retention.index-prefix", prefix,
                "retention.operator", "it-operator", "retention.erasure-salt", SALT, "retention.lock-wait", "0s",
                "retention.batch-size", String.valueOf(batch),
                // The fixture's clock stands at NOW, days away from Elasticsearch's real one.
                "retention.max-clock-skew", "3650d"));
        es.password().ifPresent(pw -> {
            m.put("retention.elasticsearch.username", "elastic");
            m.put("retention.elasticsearch.password", pw);
        });
        return RetentionService.builder(RetentionConfig.from(Config.of(m))).clock(clock).policy(POLICY).checkpoint(cp).build();
    }

    static RetentionService service(EmbeddedElasticsearch es, String prefix, java.time.Clock clock) {
        return service(es, prefix, clock, Checkpoint.NONE, 1000);
    }

    /** Index names the spec says must go whole: every event expired and the whole period past every tenant's cutoff. */
    static Set<String> expectedDeletedIndices(ArchiveFixture f) {
        Map<String, List<Event>> byIndex = f.events().stream().collect(Collectors.groupingBy(e -> e.index(f.layout())));
        return byIndex.entrySet().stream().filter(en -> {
            IndexLayout.EventIndex idx = f.layout().parseEventIndex(en.getKey()).orElseThrow();
            Instant end = idx.endExclusive().atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant earliest = idx.retentionClass() == RetentionClass.ACTIVITY ? cutoff(RetentionClass.ACTIVITY, "t1")
                    : cutoff(idx.retentionClass(), null);
            return en.getValue().stream().allMatch(RetentionIT::expired) && !end.isAfter(earliest);
        }).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    @Test
    void planChangesNothingApplyLeavesExactlyTheYoungerEventsAndTheReportMatchesGroundTruth(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "big-").generate(NOW, 500,
                Map.of(RetentionClass.SECURITY, 4, RetentionClass.ACTIVITY, 10, RetentionClass.NOISE, 6), 42, edges()).load();
        MutableClock clock = new MutableClock(NOW);
        try (RetentionService svc = service(es, "big-", clock)) {
            Map<String, Long> before = f.archiveCounts();
            assertThat(before.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(f.events().size());

            Plan plan = svc.plan();
            assertThat(f.archiveCounts()).as("plan changes nothing").isEqualTo(before);
            long expiredTotal = f.count(RetentionIT::expired);
            Set<String> deleted = expectedDeletedIndices(f);
            assertThat(plan.documentsInDeletedIndices() + plan.documentsToTrim()).isEqualTo(expiredTotal);
            assertThat(plan.indicesToDelete()).isEqualTo(deleted.size());
            assertThat(plan.violations()).isEqualTo(expiredTotal);

            ApplyResult r = svc.apply(Progress.NONE);
            assertThat(r.documentsRemoved()).isEqualTo(expiredTotal);
            assertThat(r.indicesDeleted()).isEqualTo(deleted.size());

            // Range queries prove nothing older than each limit (plus grace) is left.
            assertThat(f.countOlderThan(RetentionClass.SECURITY, cutoff(RetentionClass.SECURITY, null))).isZero();
            assertThat(f.countOlderThan(RetentionClass.ACTIVITY, cutoff(RetentionClass.ACTIVITY, "t1"))).isZero();
            assertThat(f.countOlderThan(RetentionClass.NOISE, cutoff(RetentionClass.NOISE, null))).isZero();
            assertThat(f.countIn(f.layout().eventIndexPattern(), "{\"bool\":{\"filter\":[{\"term\":{\"authstream.tenant\":\"t2\"}},"
                    + "{\"term\":{\"authstream.retention_class\":\"activity\"}},{\"range\":{\"@timestamp\":{\"lt\":"
                    + cutoff(RetentionClass.ACTIVITY, "t2").toEpochMilli() + ",\"format\":\"epoch_millis\"}}}]}}")).isZero();
            // ... and exactly the younger events remain, class by class.
            for (RetentionClass c : RetentionClass.values()) {
                assertThat(f.countIn(f.layout().eventIndexPattern(), "{\"term\":{\"authstream.retention_class\":\"" + c.id() + "\"}}"))
                        .as(c.id()).isEqualTo(f.count(e -> e.cls() == c && !expired(e)));
            }
            List<String> edgeAfter = f.where(e -> e.id().contains("-after-") && !expired(e)).stream().map(Event::id).toList();
            assertThat(f.countIn(f.layout().eventIndexPattern(), ArchiveFixture.terms("event.id", edgeAfter))).isEqualTo(edgeAfter.size());
            assertThat(f.indexCounts().keySet()).doesNotContainAnyElementsOf(deleted);

            assertThat(svc.meterRegistry().get("authstream.retention.last.success").gauge().value()).isEqualTo(NOW.getEpochSecond());
            assertThat(svc.meterRegistry().get("authstream.retention.documents.deleted").counter().count()).isEqualTo(expiredTotal);
            assertThat(svc.meterRegistry().get("authstream.retention.indices.deleted").counter().count()).isEqualTo(deleted.size());
            assertThat(svc.meterRegistry().get("authstream.retention.violations").gauge().value()).isEqualTo(expiredTotal);

            Map<String, Long> afterFirst = f.archiveCounts();
            ApplyResult again = svc.apply(Progress.NONE);
            assertThat(again.documentsRemoved()).as("idempotent").isZero();
            assertThat(f.archiveCounts()).isEqualTo(afterFirst);

            clock.advance(Duration.ofHours(1));
            RetentionReport report = svc.report(Duration.ofDays(30));
            f.forget(RetentionIT::expired);
            Map<String, Long> remainingIndices = f.archiveCounts();
            for (RetentionReport.ClassStatus c : report.classes()) {
                RetentionClass cls = c.retentionClass();
                assertThat(c.documents()).as(cls.id()).isEqualTo(f.count(e -> e.cls() == cls));
                Instant oldest = f.where(e -> e.cls() == cls).stream().map(Event::ts).min(Instant::compareTo).orElseThrow();
                assertThat(c.oldestEventAge()).isEqualTo(Duration.between(oldest, clock.instant()));
                assertThat(c.indices()).isEqualTo((int) remainingIndices.keySet().stream()
                        .filter(i -> i.startsWith(f.layout().eventIndexPrefix(cls))).count());
                // An hour later, events within an hour of the cutoff have crossed it: the report must see exactly those.
                List<Event> beyond = f.where(e -> e.cls() == cls
                        && e.ts().isBefore(cutoff(e.cls(), e.tenant()).plus(Duration.ofHours(1))));
                assertThat(beyond).as("the edge events guarantee a violation").isNotEmpty();
                assertThat(c.documentsBeyond()).isEqualTo(beyond.size());
                assertThat(c.status()).isEqualTo(RetentionReport.Status.VIOLATION);
                if (cls != RetentionClass.ACTIVITY) {
                    Instant oldestBeyond = beyond.stream().map(Event::ts).min(Instant::compareTo).orElseThrow();
                    assertThat(c.beyondLimit()).isEqualTo(Duration.between(oldestBeyond, clock.instant()).minus(c.limit()));
                }
                assertThat(c.deletionsInPeriod().documentsDeleted()).isEqualTo(
                        plan.actions().stream().filter(a -> a.state().retentionClass() == cls).mapToLong(a -> a.documentsRemoved()).sum());
                assertThat(c.deletionsInPeriod().indicesDeleted()).isEqualTo(deleted.stream()
                        .filter(i -> i.startsWith(f.layout().eventIndexPrefix(cls))).count());
                assertThat(c.sizeBytes()).isPositive();
            }
            assertThat(report.classes().stream().mapToLong(c -> c.deletionsInPeriod().documentsDeleted()).sum()).isEqualTo(expiredTotal);
            assertThat(report.lastSuccessfulEnforcement()).isEqualTo(NOW);
            assertThat(report.shards().shards()).isGreaterThanOrEqualTo(remainingIndices.size());
            assertThat(report.shards().budget()).isEqualTo(1000);
            String md = ReportRenderer.markdown(report);
            assertThat(md).contains("| Class | Limit | Oldest event |").contains("| activity | 90d (t2 60d) |").contains("Overall: **VIOLATION**")
                    .contains("**violation**: ");
            assertThat(ReportRenderer.csv(report).lines()).hasSize(4);
            svc.storeReport(report);
            assertThat(f.countIn("big-retention-reports", "{\"term\":{\"report_id\":\"" + report.reportId() + "\"}}")).isEqualTo(4);
            // The audit trail survives and records what happened.
            assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"term\":{\"action\":\"index-delete\"}}")).isEqualTo(deleted.size());
            assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"bool\":{\"filter\":[{\"term\":{\"action\":\"apply\"}},"
                    + "{\"term\":{\"policy_version\":\"it-1\"}},{\"term\":{\"operator\":\"it-operator\"}}]}}")).isEqualTo(2);
        }
    }

    @Test
    void holdKeepsItsEventsThroughApplyAndReleasingItLetsTheNextApplyRemoveThem(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "hld-").generate(NOW, 200,
                Map.of(RetentionClass.SECURITY, 2, RetentionClass.ACTIVITY, 4, RetentionClass.NOISE, 3), 7, edges()).load();
        String both = f.layout().eventIndexPattern() + "," + f.layout().holdIndexPattern();
        Predicate<Event> u7 = e -> e.user().equals("u7");
        try (RetentionService svc = service(es, "hld-", new MutableClock(NOW))) {
            svc.addHold("CASE-7", "fraud investigation", new HoldSelection(null, "u7", null, null, null));
            Plan plan = svc.plan();
            assertThat(plan.heldByCase()).containsEntry("CASE-7", f.count(u7.and(RetentionIT::expired)));

            svc.apply(Progress.NONE);
            assertThat(f.countIn(both, "{\"term\":{\"user.id\":\"u7\"}}")).as("every u7 event survives, once").isEqualTo(f.count(u7));
            assertThat(f.countIn(both, null)).isEqualTo(f.count(u7.or(e -> !expired(e))));
            assertThat(f.countIn(f.layout().holdIndex("CASE-7"), null)).as("copies of held events from dropped indices").isPositive();

            svc.releaseHold("CASE-7", "case closed");
            svc.apply(Progress.NONE);
            assertThat(f.countIn(both, "{\"term\":{\"user.id\":\"u7\"}}")).isEqualTo(f.count(u7.and(e -> !expired(e))));
            assertThat(f.countIn(both, null)).isEqualTo(f.count(e -> !expired(e)));
            assertThat(f.indexCounts()).doesNotContainKey(f.layout().holdIndex("CASE-7"));
            assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"bool\":{\"filter\":[{\"term\":{\"case\":\"CASE-7\"}},"
                    + "{\"terms\":{\"action\":[\"hold-add\",\"hold-release\"]}}]}}")).isEqualTo(2);
            assertThat(svc.holds()).singleElement().satisfies(h -> assertThat(h.active()).isFalse());
            RetentionReport report = svc.report(Duration.ofDays(1));
            assertThat(report.classes().stream().mapToLong(c -> c.deletionsInPeriod().documentsDeleted()).sum())
                    .as("every expired event counted once, held copies when they finally go").isEqualTo(f.count(RetentionIT::expired));
            for (RetentionReport.ClassStatus c : report.classes()) {
                assertThat(c.deletionsInPeriod().documentsDeleted()).isEqualTo(f.count(e -> e.cls() == c.retentionClass() && expired(e)));
            }
        }
    }

    @Test
    void eraseRemovesEveryEventOfTheUserAndNothingElseAndAuditsOnlyAHash(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "era-").generate(NOW, 120,
                Map.of(RetentionClass.SECURITY, 2, RetentionClass.ACTIVITY, 4, RetentionClass.NOISE, 3), 11, Map.of()).load();
        String all = f.layout().eventIndexPattern();
        try (RetentionService svc = service(es, "era-", new MutableClock(NOW))) {
            long total = f.events().size();
            EraseResult r = svc.erase("u3", Progress.NONE);
            assertThat(r.deleted()).isEqualTo(f.count(e -> e.user().equals("u3")));
            assertThat(f.countIn(all, "{\"term\":{\"user.id\":\"u3\"}}")).isZero();
            assertThat(f.countIn(all, null)).isEqualTo(total - r.deleted());
            for (RetentionClass c : RetentionClass.values()) {
                assertThat(r.deletedByClass().getOrDefault(c, 0L)).isEqualTo(f.count(e -> e.user().equals("u3") && e.cls() == c));
            }

            Instant from = NOW.minus(Duration.ofDays(30));
            svc.addHold("LIT-1", "litigation", new HoldSelection(null, "u5", null, from, null));
            EraseResult held = svc.erase("u5", Progress.NONE);
            long u5Held = f.count(e -> e.user().equals("u5") && !e.ts().isBefore(from));
            assertThat(held.held()).isEqualTo(u5Held).isPositive();
            assertThat(held.heldByCase()).containsEntry("LIT-1", u5Held);
            assertThat(f.countIn(all, "{\"term\":{\"user.id\":\"u5\"}}")).as("the hold wins").isEqualTo(u5Held);

            List<JsonNode> audit = f.sources(f.layout().auditIndexPattern(), "{\"term\":{\"action\":\"erase\"}}");
            assertThat(audit).hasSize(2);
            assertThat(audit.toString()).doesNotContain("u3").doesNotContain("u5");
            assertThat(audit).extracting(a -> a.path("subject_hash").asText())
                    .containsExactlyInAnyOrder(new SubjectHash(Secret.of(SALT)).of("u3"), new SubjectHash(Secret.of(SALT)).of("u5"));
        }
    }

    @Test
    void eraseRefusesToRunWithoutASalt(EmbeddedElasticsearch es) {
        RetentionConfig noSalt = RetentionConfig.from(Config.of(Map.of("retention.elasticsearch.url", es.httpUrl(),
                "retention.index-prefix", "nos-")));
        try (RetentionService svc = RetentionService.builder(noSalt).policy(POLICY).build()) {
            assertThatThrownBy(() -> svc.erase("u1", Progress.NONE)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("retention.erasure-salt is required");
        }
    }

    @Test
    void aRunKilledMidApplyAndRerunEndsInTheSameStateAsAnUninterruptedRun(EmbeddedElasticsearch es) {
        Map<RetentionClass, Integer> perDay = Map.of(RetentionClass.SECURITY, 2, RetentionClass.ACTIVITY, 5, RetentionClass.NOISE, 3);
        ArchiveFixture clean = new ArchiveFixture(es, "unc-").generate(NOW, 150, perDay, 99, edges()).load();
        ArchiveFixture crashed = new ArchiveFixture(es, "cra-").generate(NOW, 150, perDay, 99, edges()).load();
        long expiredTotal = clean.count(RetentionIT::expired);
        try (RetentionService svc = service(es, "unc-", new MutableClock(NOW))) {
            svc.apply(Progress.NONE);
        }
        try (RetentionService svc = service(es, "cra-", new MutableClock(NOW), Checkpoint.failAfter(expiredTotal / 2), 10)) {
            assertThatThrownBy(() -> svc.apply(Progress.NONE)).isInstanceOf(Checkpoint.SimulatedCrash.class);
        }
        long leftAfterCrash = crashed.countIn(crashed.layout().eventIndexPattern(), null);
        assertThat(leftAfterCrash).as("the crash happened mid-run").isGreaterThan(crashed.events().size() - expiredTotal)
                .isLessThan(crashed.events().size());
        assertThat(crashed.countIn(crashed.layout().auditIndexPattern(),
                "{\"bool\":{\"filter\":[{\"term\":{\"action\":\"apply\"}},{\"term\":{\"outcome\":\"failure\"}}]}}")).isEqualTo(1);
        try (RetentionService svc = service(es, "cra-", new MutableClock(NOW))) {
            svc.apply(Progress.NONE);
        }
        Map<String, List<String>> a = stripPrefix(clean.idsByIndex(clean.layout().eventIndexPattern()), "unc-");
        Map<String, List<String>> b = stripPrefix(crashed.idsByIndex(crashed.layout().eventIndexPattern()), "cra-");
        assertThat(b).isEqualTo(a);
        assertThat(stripPrefix(crashed.indexCounts(), "cra-").keySet().stream().filter(k -> k.startsWith("logs-")).toList())
                .isEqualTo(stripPrefix(clean.indexCounts(), "unc-").keySet().stream().filter(k -> k.startsWith("logs-")).toList());
        assertThat(b.values().stream().mapToLong(List::size).sum()).isEqualTo(clean.count(e -> !expired(e)));
    }

    private static <V> Map<String, V> stripPrefix(Map<String, V> m, String prefix) {
        return m.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().substring(prefix.length()), Map.Entry::getValue,
                (x, y) -> x, java.util.TreeMap::new));
    }

    @Test
    void aSecondRunCannotStartWhileTheLockIsHeldAndTakesOverOnceACrashedHoldersLeaseExpires(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "lck-").generate(NOW, 60,
                Map.of(RetentionClass.NOISE, 3), 5, Map.of()).load();
        MutableClock clock = new MutableClock(NOW);
        try (RetentionService svc = service(es, "lck-", clock);
             Es raw = Es.connect(svc.config())) {
            RunLock.Lease crashedHolder = new RunLock(raw, "lck-", clock, Duration.ofMinutes(10), "other").acquire("crashed-run", "apply");
            assertThat(crashedHolder.owner()).isEqualTo("crashed-run");
            assertThatThrownBy(() -> svc.apply(Progress.NONE)).isInstanceOf(RunLock.LockHeldException.class)
                    .hasMessageContaining("crashed-run").hasMessageContaining("until");
            assertThat(f.countIn(f.layout().eventIndexPattern(), null)).isEqualTo(f.events().size());
            clock.advance(Duration.ofMinutes(11));
            ApplyResult r = svc.apply(Progress.NONE);
            assertThat(r.documentsRemoved()).isPositive();
            assertThatThrownBy(crashedHolder::renew).isInstanceOf(RunLock.LockHeldException.class);

            // One cycle of the periodic service: apply, then a stored report; metrics follow.
            clock.advance(Duration.ofDays(1));
            assertThat(svc.runOnce()).isTrue();
            assertThat(svc.meterRegistry().get("authstream.retention.last.success").gauge().value())
                    .isEqualTo(clock.instant().getEpochSecond());
            assertThat(f.countIn("lck-retention-reports", "{\"term\":{\"type\":\"summary\"}}")).isEqualTo(1);
            assertThat(f.countOlderThan(RetentionClass.NOISE, clock.instant().minus(Duration.ofDays(31)))).isZero();
        }
    }
}
