package io.authstream.retention.it;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.retention.RetentionService;
import io.authstream.retention.enforce.Progress;
import io.authstream.retention.enforce.Verification;
import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.it.ArchiveFixture.Event;
import io.authstream.schemas.catalogue.RetentionClass;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code retention verify} on a backdated archive: an expired, unheld document is named by index; a held one is not. */
@EmbeddedStack
class VerifyIT {
    static final Instant NOW = RetentionIT.NOW;

    @Test
    void verifyFailsNamingTheIndexOfAnExpiredUnheldDocumentAndPassesOnceTheServiceHasApplied(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "verify-").load();
        Event expired = new Event("noise-old", RetentionClass.NOISE, "t1", "u1", "10.0.0.1",
                RetentionIT.cutoff(RetentionClass.NOISE, null).minus(Duration.ofDays(2)));
        Event held = new Event("security-old-held", RetentionClass.SECURITY, "t1", "u-held", "10.0.0.2",
                RetentionIT.cutoff(RetentionClass.SECURITY, null).minus(Duration.ofDays(3)));
        Event young = new Event("activity-young", RetentionClass.ACTIVITY, "t1", "u1", "10.0.0.3", NOW.minus(Duration.ofDays(1)));
        f.add(expired);
        f.add(held);
        f.add(young);
        try (RetentionService svc = RetentionIT.service(es, "verify-", new MutableClock(NOW))) {
            svc.addHold("CASE-V", "keep", new HoldSelection(null, "u-held", null, null, null));

            Verification before = svc.verify();
            assertThat(before.passed()).isFalse();
            assertThat(before.offences()).hasSize(1);
            Verification.Offence o = before.offences().get(0);
            assertThat(o.index()).isEqualTo(expired.index(f.layout()));
            assertThat(o.documents()).isEqualTo(1);
            assertThat(o.oldest()).isEqualTo(expired.ts());
            assertThat(before.toJson().path("offending_indices").path(0).path("index").asText()).isEqualTo(expired.index(f.layout()));
            assertThat(before.text()).contains("VIOLATION").contains(expired.index(f.layout()));
            assertThat(svc.meterRegistry().get("authstream.retention.verify.violations").gauge().value()).isEqualTo(1);
            assertThat(svc.meterRegistry().get("authstream.retention.verify.last.success").gauge().value()).isZero();

            svc.apply(Progress.NONE);
            Verification after = svc.verify();
            assertThat(after.passed()).as(after.text()).isTrue();
            assertThat(f.countIn(f.prefix() + "*", "{\"term\":{\"event.id\":\"security-old-held\"}}")).as("the held one is kept").isEqualTo(1);
            assertThat(svc.meterRegistry().get("authstream.retention.verify.violations").gauge().value()).isZero();
            assertThat(svc.meterRegistry().get("authstream.retention.verify.last.success").gauge().value()).isEqualTo(NOW.getEpochSecond());

            // The periodic service verifies after each apply: a late-arriving expired document is removed and the verdict is clean.
            f.add(new Event("noise-late", RetentionClass.NOISE, "t1", "u1", "10.0.0.1", expired.ts().plusSeconds(60)));
            assertThat(svc.runOnce()).isTrue();
            assertThat(svc.meterRegistry().get("authstream.retention.verify.violations").gauge().value()).isZero();
            assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"term\":{\"action\":\"verify\"}}")).isEqualTo(3);
        }
    }
}
