package io.authstream.retention.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.hold.LegalHold;
import io.authstream.schemas.catalogue.RetentionClass;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the plan does with an index, given its survey numbers. */
class DecideTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final LegalHold CASE_A = new LegalHold("case-a", "r", new HoldSelection(null, "u1", null, null, null), T, "me", null, null);

    private static IndexState event(String name, long docs, long expired, long held, boolean wholePeriod) {
        return new IndexState(name, RetentionClass.ACTIVITY, null, docs, 100, T, T, expired, held,
                held > 0 ? Map.of("case-a", held) : Map.of(), expired > held ? T : null, wholePeriod);
    }

    private static IndexState hold(String name, String caseId, long docs, long expired, long held) {
        return new IndexState(name, null, caseId, docs, 100, T, T, expired, held, Map.of(), expired > held ? T : null, false);
    }

    private static IndexAction.Kind kind(IndexState s, List<LegalHold> holds) {
        List<IndexAction> a = Surveyor.decide(List.of(s), holds);
        return a.isEmpty() ? null : a.get(0).kind();
    }

    @Test
    void deletesAnIndexWhoseEveryEventIsExpiredAndWhosePeriodIsOver() {
        assertThat(kind(event("i", 10, 10, 0, true), List.of())).isEqualTo(IndexAction.Kind.DELETE_INDEX);
    }

    @Test
    void copiesHeldEventsBeforeDroppingAnExpiredIndex() {
        assertThat(kind(event("i", 10, 10, 3, true), List.of(CASE_A))).isEqualTo(IndexAction.Kind.COPY_HELD_THEN_DELETE);
    }

    @Test
    void trimsABoundaryIndexAndLeavesHeldEventsInPlace() {
        assertThat(kind(event("i", 10, 4, 1, false), List.of(CASE_A))).isEqualTo(IndexAction.Kind.TRIM);
        assertThat(kind(event("i", 10, 10, 0, false), List.of())).as("period not over: trim, keep the index").isEqualTo(IndexAction.Kind.TRIM);
    }

    @Test
    void leavesAnIndexAloneWhenNothingExpiredOrEverythingExpiredIsHeld() {
        assertThat(kind(event("i", 10, 0, 0, false), List.of())).isNull();
        assertThat(kind(event("i", 10, 5, 5, false), List.of(CASE_A))).isNull();
    }

    @Test
    void deletesAnEmptyIndexOnlyOnceItsWholePeriodIsPast() {
        assertThat(kind(event("i", 0, 0, 0, true), List.of())).isEqualTo(IndexAction.Kind.DELETE_INDEX);
        assertThat(kind(event("i", 0, 0, 0, false), List.of())).isNull();
    }

    @Test
    void neverDropsTheHoldIndexOfAnActiveCaseButDropsAReleasedOnesOnceExpired() {
        assertThat(kind(hold("h", "case-a", 5, 5, 5), List.of(CASE_A))).isNull();
        assertThat(kind(hold("h", "case-a", 0, 0, 0), List.of(CASE_A))).isNull();
        assertThat(kind(hold("h", "case-a", 5, 5, 0), List.of())).isEqualTo(IndexAction.Kind.DELETE_INDEX);
        assertThat(kind(hold("h", "case-a", 0, 0, 0), List.of())).isEqualTo(IndexAction.Kind.DELETE_INDEX);
    }
}
