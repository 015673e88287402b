package io.authstream.ingest.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.ingest.StreamConfig;
import io.authstream.schemas.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private final StreamConfig a = new StreamConfig("a", "t", List.of(Secret.of("x".repeat(16))), List.of(), 0);
    private final StreamConfig limited = new StreamConfig("b", "t", List.of(Secret.of("x".repeat(16))), List.of(), 1);
    private final Admission admission = new Admission(2, 1000, List.of(a, limited));
    private final Admission.Refusal[] why = new Admission.Refusal[1];

    @Test
    void refusesRequestsBeyondTheServerWideLimitAndAdmitsAgainOnceOneIsDone() {
        Admission.Ticket t1 = admission.tryAdmit(a, why);
        Admission.Ticket t2 = admission.tryAdmit(a, why);
        assertThat(admission.tryAdmit(a, why)).isNull();
        assertThat(why[0]).isEqualTo(Admission.Refusal.SERVER_BUSY);
        t1.close();
        t1.close();
        assertThat(admission.inFlightRequests()).isEqualTo(1);
        assertThat(admission.tryAdmit(a, why)).isNotNull();
        t2.close();
    }

    @Test
    void refusesAStreamBeyondItsOwnLimitWithoutTouchingOthers() {
        Admission.Ticket t = admission.tryAdmit(limited, why);
        assertThat(admission.tryAdmit(limited, why)).isNull();
        assertThat(why[0]).isEqualTo(Admission.Refusal.STREAM_BUSY);
        assertThat(admission.inFlightRequests()).isEqualTo(1);
        assertThat(admission.tryAdmit(a, why)).isNotNull();
        t.close();
        assertThat(admission.inFlightRequests("b")).isZero();
    }

    @Test
    void boundsInFlightBytesAcrossRequestsAndGivesThemBackOnClose() {
        Admission.Ticket t1 = admission.tryAdmit(a, why);
        Admission.Ticket t2 = admission.tryAdmit(a, why);
        assertThat(t1.tryAddBytes(600)).isTrue();
        assertThat(t2.tryAddBytes(500)).isFalse();
        assertThat(t2.tryAddBytes(400)).isTrue();
        assertThat(admission.inFlightBytes()).isEqualTo(1000);
        t1.releaseBytes(100);
        assertThat(admission.inFlightBytes()).isEqualTo(900);
        t1.close();
        t2.close();
        assertThat(admission.inFlightBytes()).isZero();
        assertThat(admission.inFlightRequests()).isZero();
    }

    @Test
    void measuresHowLongTheRequestBoundHasBeenHeldWithoutABreak() {
        long[] now = {1_000};
        Admission timed = new Admission(2, 1000, List.of(a), () -> now[0]);
        Admission.Ticket t1 = timed.tryAdmit(a, why);
        now[0] += 500;
        assertThat(timed.saturatedNanos()).as("below the bound").isZero();
        Admission.Ticket t2 = timed.tryAdmit(a, why);
        now[0] += 700;
        assertThat(timed.tryAdmit(a, why)).isNull();
        assertThat(timed.saturatedNanos()).isEqualTo(700);
        t1.close();
        assertThat(timed.saturatedNanos()).as("a slot came free").isZero();
        now[0] += 100;
        Admission.Ticket t3 = timed.tryAdmit(a, why);
        now[0] += 50;
        assertThat(timed.saturatedNanos()).as("counted again from the new saturation").isEqualTo(50);
        t2.close();
        t3.close();
    }
}
