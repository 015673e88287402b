package io.authstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ComponentHealthTest {
    private final AtomicReference<Check> kafka = new AtomicReference<>(Check.starting("connecting"));
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final ComponentHealth health = new ComponentHealth("archive")
            .check("kafka", kafka::get)
            .fatalWhen(() -> Optional.ofNullable(fatal.get()));

    @Test
    void isLiveButNeitherStartedNorReadyWhileADependencyIsStarting() {
        HealthSnapshot s = health.snapshot();
        assertThat(s.live()).isTrue();
        assertThat(s.startup()).isFalse();
        assertThat(s.ready()).isFalse();
    }

    @Test
    void startsAndBecomesReadyOnceEveryRequiredCheckIsUp() {
        kafka.set(Check.up());
        HealthSnapshot s = health.snapshot();
        assertThat(s.startup()).isTrue();
        assertThat(s.ready()).isTrue();
    }

    @Test
    void staysStartedButIsNotReadyWhenADependencyGoesDownAfterwards() {
        kafka.set(Check.up());
        health.snapshot();
        kafka.set(Check.down("broker unreachable"));
        HealthSnapshot s = health.snapshot();
        assertThat(s.startup()).isTrue();
        assertThat(s.ready()).isFalse();
        assertThat(s.live()).isTrue();
        assertThat(s.checks().get("kafka").reason()).isEqualTo("broker unreachable");
    }

    @Test
    void aFatalStateIsNeitherLiveNorReady() {
        kafka.set(Check.up());
        health.snapshot();
        fatal.set("the consumer thread died");
        HealthSnapshot s = health.snapshot();
        assertThat(s.live()).isFalse();
        assertThat(s.ready()).isFalse();
        assertThat(s.fatal()).isEqualTo("the consumer thread died");
    }

    @Test
    void anOptionalCheckThatIsDownDoesNotMakeTheComponentNotReady() {
        kafka.set(Check.up());
        health.check("last-run", () -> Check.down("policy file invalid").optional());
        HealthSnapshot s = health.snapshot();
        assertThat(s.ready()).isTrue();
        assertThat(s.checks().get("last-run").required()).isFalse();
    }

    @Test
    void startedWhenOverridesTheRequiredChecksRule() {
        AtomicReference<Boolean> ranOnce = new AtomicReference<>(false);
        health.startedWhen(ranOnce::get);
        kafka.set(Check.up());
        assertThat(health.snapshot().startup()).isFalse();
        ranOnce.set(true);
        assertThat(health.snapshot().startup()).isTrue();
        ranOnce.set(false);
        assertThat(health.snapshot().startup()).as("started is latched").isTrue();
    }

    @Test
    void aProbeThatThrowsIsDownWithoutItsExceptionText() {
        health.check("elasticsearch", () -> {
            throw new IllegalStateException("http://elastic:s3cret@es:9200 refused");
        });
        Check c = health.snapshot().checks().get("elasticsearch");
        assertThat(c.state()).isEqualTo(CheckState.DOWN);
        assertThat(c.reason()).doesNotContain("s3cret").isEqualTo("check failed: IllegalStateException");
    }
}
