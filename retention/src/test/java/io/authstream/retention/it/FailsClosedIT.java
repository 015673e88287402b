package io.authstream.retention.it;

import io.authstream.embedded.MutableClock;
import static io.authstream.retention.it.RetentionIT.NOW;
import static io.authstream.retention.it.RetentionIT.POLICY;
import static io.authstream.retention.it.RetentionIT.edges;
import static io.authstream.retention.it.RetentionIT.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.retention.RetentionConfig;
import io.authstream.retention.RetentionService;
import io.authstream.retention.enforce.Checkpoint;
import io.authstream.retention.enforce.ClockCheck;
import io.authstream.retention.enforce.IndexAction;
import io.authstream.retention.enforce.IndexState;
import io.authstream.retention.enforce.Plan;
import io.authstream.retention.enforce.Progress;
import io.authstream.retention.enforce.RunLock;
import io.authstream.retention.enforce.Surveyor;
import io.authstream.retention.es.Es;
import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.hold.HoldStore;
import io.authstream.retention.it.ArchiveFixture.Event;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Retention refuses to act on what it cannot see, against the real embedded Elasticsearch. */
@EmbeddedStack
class FailsClosedIT {
    private static final Map<RetentionClass, Integer> PER_DAY = Map.of(RetentionClass.SECURITY, 1, RetentionClass.ACTIVITY, 4,
            RetentionClass.NOISE, 3);

    private static final String FAILED_APPLIES =
            "{\"bool\":{\"filter\":[{\"term\":{\"action\":\"apply\"}},{\"term\":{\"outcome\":\"failure\"}}]}}";

    private static IndexState first(Plan plan, IndexAction.Kind kind) {
        return plan.actions().stream().filter(a -> a.kind() == kind).map(IndexAction::state).findFirst()
                .orElseThrow(() -> new AssertionError("the fixture has no " + kind + " index"));
    }

    @Test
    void anIndexWithAnUnavailableShardAbortsTheRunAndKeepsItsHeldEvidence(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "red-").generate(NOW, 200, PER_DAY, 3, edges()).load();
        try (RetentionService svc = service(es, "red-", new MutableClock(NOW))) {
            svc.addHold("CASE-RED", "evidence in an index about to go red", new HoldSelection(null, "u7", null, null, null));
            IndexState target = first(svc.plan(), IndexAction.Kind.COPY_HELD_THEN_DELETE);
            long heldInTarget = f.countIn(target.index(), "{\"term\":{\"user.id\":\"u7\"}}");
            assertThat(heldInTarget).isPositive();
            Map<String, Long> before = f.archiveCounts();
            try (UnavailableShard red = UnavailableShard.of(f, es, target.index())) {
                assertThatThrownBy(() -> svc.apply(Progress.NONE)).isInstanceOf(Surveyor.UnhealthyIndexException.class)
                        .hasMessageContaining(target.index() + " (red)");
                assertThat(red.health()).as("the red index was not deleted").isEqualTo("red");
                red.heal();
            }
            // Counted once healed: the fixture refreshes before counting, and a refresh waits for a red shard.
            assertThat(f.countIn(f.layout().auditIndexPattern(), FAILED_APPLIES)).as("audited as a failed run").isEqualTo(1);
            assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"term\":{\"action\":\"index-delete\"}}"))
                    .as("nothing deleted").isZero();
            assertThat(f.archiveCounts()).as("every index and document as before, the healed one included").isEqualTo(before);
            assertThat(f.countIn(target.index(), "{\"term\":{\"user.id\":\"u7\"}}")).isEqualTo(heldInTarget);

            svc.apply(Progress.NONE);
            assertThat(f.countIn(f.layout().holdIndex("CASE-RED"), "{\"term\":{\"user.id\":\"u7\"}}"))
                    .as("once healthy, the held events are copied before their index goes")
                    .isGreaterThanOrEqualTo(heldInTarget);
        }
    }

    @Test
    void aMissingHoldsIndexStopsEveryRunOnceAHoldWasEverPlaced(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "mhi-").generate(NOW, 120, PER_DAY, 5, Map.of()).load();
        try (RetentionService svc = service(es, "mhi-", new MutableClock(NOW))) {
            svc.addHold("CASE-GONE", "evidence", new HoldSelection(null, "u7", null, null, null));
            f.call("DELETE", "/mhi-retention-holds", null);
            Map<String, Long> before = f.archiveCounts();

            assertThatThrownBy(() -> svc.apply(Progress.NONE)).isInstanceOf(HoldStore.MissingIndexException.class)
                    .hasMessageContaining("mhi-retention-holds").hasMessageContaining("hold-add");
            assertThatThrownBy(() -> svc.erase("u7", Progress.NONE)).isInstanceOf(HoldStore.MissingIndexException.class);
            assertThatThrownBy(() -> svc.addHold("CASE-NEW", "r", new HoldSelection(null, "u8", null, null, null)))
                    .as("placing a hold must not recreate the index and hide the lost ones")
                    .isInstanceOf(HoldStore.MissingIndexException.class);
            assertThat(f.archiveCounts()).as("nothing deleted").isEqualTo(before);
            assertThat(f.countIn(f.layout().auditIndexPattern(), FAILED_APPLIES)).isEqualTo(1);
        }
    }

    @Test
    void aFreshInstallCreatesTheHoldsIndexExplicitlyAndRuns(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "fre-").generate(NOW, 60, PER_DAY, 6, Map.of()).load();
        try (RetentionService svc = service(es, "fre-", new MutableClock(NOW))) {
            assertThat(svc.apply(Progress.NONE).documentsRemoved()).isPositive();
            assertThat(f.call("GET", "/_cat/indices/fre-retention-holds?format=json&h=index", null).path(0).path("index").asText())
                    .isEqualTo("fre-retention-holds");
            assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"term\":{\"action\":\"holds-index-create\"}}")).isEqualTo(1);
        }
    }

    @Test
    void eraseRenewsItsLeaseSoNoOtherRunCanTakeItOverMidway(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "erl-").generate(NOW, 200, Map.of(RetentionClass.ACTIVITY, 4), 8, Map.of()).load();
        assertThat(f.count(e -> e.user().equals("u3"))).as("at least four pages of ten").isGreaterThan(30);
        MutableClock clock = new MutableClock(NOW);
        AtomicBoolean intruded = new AtomicBoolean();
        AtomicBoolean tried = new AtomicBoolean();
        try (RetentionService svc = service(es, "erl-", clock, Checkpoint.NONE, 10);
             Es raw = Es.connect(svc.config())) {
            RunLock other = new RunLock(raw, "erl-", clock, Duration.ofMinutes(10), "other");
            Progress slow = (step, index, done, total) -> {
                clock.advance(Duration.ofMinutes(4));
                if (done >= 30 && !tried.getAndSet(true)) {
                    try {
                        other.acquire("intruder", "apply");
                        intruded.set(true);
                    } catch (RunLock.LockHeldException expected) {
                        // the erasure still holds its renewed lease
                    }
                }
            };
            svc.erase("u3", slow);
            assertThat(tried).as("the erasure ran longer than the 10-minute lease").isTrue();
            assertThat(intruded).as("another run took over the lock of a running erasure").isFalse();
            assertThat(f.countIn(f.layout().eventIndexPattern(), "{\"term\":{\"user.id\":\"u3\"}}")).isZero();
        }
    }

    @Test
    void aHeldEventWrittenAfterTheSurveyIsCopiedEvenForAHoldThatHadNoneThere(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "cph-").generate(NOW, 200, PER_DAY, 9, edges()).load();
        try (RetentionService svc = service(es, "cph-", new MutableClock(NOW))) {
            svc.addHold("CASE-A", "a", new HoldSelection(null, "u7", null, null, null));
            svc.addHold("CASE-B", "b", new HoldSelection(null, "late-user", null, null, null));
            Plan plan = svc.plan();
            IndexState target = first(plan, IndexAction.Kind.COPY_HELD_THEN_DELETE);
            first(plan, IndexAction.Kind.DELETE_INDEX);
            assertThat(target.expiredHeldByCase()).doesNotContainKey("CASE-B");
            Event late = new Event("late-1", target.retentionClass(), "t1", "late-user", "10.9.9.9", target.oldest());
            assertThat(late.index(f.layout())).isEqualTo(target.index());
            AtomicBoolean written = new AtomicBoolean();
            // Whole-index deletions run before copy-then-delete: the late event arrives after the survey, before the block.
            Progress lateArrival = (step, index, done, total) -> {
                if (step.equals("delete-index") && !written.getAndSet(true)) {
                    f.add(late);
                }
            };
            svc.apply(lateArrival);
            assertThat(written).isTrue();
            assertThat(f.countIn(f.layout().holdIndex("CASE-B"), "{\"term\":{\"event.id\":\"late-1\"}}"))
                    .as("the late held event lives on in its case's hold index").isEqualTo(1);
        }
    }

    @Test
    void aHostClockFarFromElasticsearchsIsRefusedBeforeAnythingIsTouched(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "skw-").generate(NOW, 60, PER_DAY, 10, Map.of()).load();
        Map<String, String> m = new java.util.HashMap<>(Map.of("retention.elasticsearch.url", es.httpUrl(), "retention.index-prefix", "skw-",
                "retention.operator", "it-operator", "retention.erasure-salt", RetentionIT.SALT, "retention.lock-wait", "0s"));
        es.password().ifPresent(pw -> {
            m.put("retention.elasticsearch.username", "elastic");
            m.put("retention.elasticsearch.password", pw);
        });
        RetentionConfig cfg = RetentionConfig.from(Config.of(m));
        Clock aYearAhead = Clock.offset(Clock.systemUTC(), Duration.ofDays(365));
        Map<String, Long> before = f.archiveCounts();
        try (RetentionService svc = RetentionService.builder(cfg).clock(aYearAhead).policy(POLICY).build()) {
            assertThatThrownBy(() -> svc.apply(Progress.NONE)).isInstanceOf(ClockCheck.SkewException.class)
                    .hasMessageContaining("retention.max-clock-skew").hasMessageContaining("ahead of Elasticsearch");
            assertThatThrownBy(() -> svc.erase("u1", Progress.NONE)).isInstanceOf(ClockCheck.SkewException.class);
            assertThat(f.archiveCounts()).isEqualTo(before);
        }
        Clock sixMinutesBehind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
        try (RetentionService svc = RetentionService.builder(cfg).clock(sixMinutesBehind).policy(POLICY).build()) {
            assertThatThrownBy(() -> svc.apply(Progress.NONE)).isInstanceOf(ClockCheck.SkewException.class).hasMessageContaining("behind");
        }
        try (RetentionService svc = RetentionService.builder(cfg).clock(Clock.systemUTC()).policy(POLICY).build()) {
            svc.apply(Progress.NONE);
        }
    }

    @Test
    void aWriteBlockLeftByAKilledRunIsClearedAtTheStartOfTheNextAndAudited(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "blk-").generate(NOW, 20, PER_DAY, 12, Map.of()).load();
        String young = f.layout().eventIndex(RetentionClass.ACTIVITY, NOW.minus(Duration.ofDays(1)));
        // What a run killed between "block" and "delete" leaves behind.
        f.call("PUT", "/" + young + "/_settings", "{\"index.blocks.write\":true}");
        try (RetentionService svc = service(es, "blk-", new MutableClock(NOW))) {
            svc.apply(Progress.NONE);
        }
        assertThat(f.call("GET", "/" + young + "/_settings/index.blocks.write?flat_settings=true", null).path(young).path("settings")
                .path("index.blocks.write").asText("false")).isEqualTo("false");
        f.add(new Event("after-unblock", RetentionClass.ACTIVITY, "t1", "u1", "10.0.0.1", NOW.minus(Duration.ofDays(1))));
        assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"bool\":{\"filter\":[{\"term\":{\"action\":\"unblock\"}},"
                + "{\"term\":{\"index\":\"" + young + "\"}}]}}")).isEqualTo(1);
    }
}
