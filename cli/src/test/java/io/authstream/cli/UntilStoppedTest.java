package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UntilStoppedTest {

    @Test
    void returnsTheReasonAndClosesOnceWhenTheComponentReachesAFatalState() {
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();

        Optional<String> reason = UntilStopped.awaitOrFatal("test", closed::incrementAndGet,
                () -> checks.incrementAndGet() < 3 ? Optional.empty() : Optional.of("state ERROR"), Duration.ofMillis(10));

        assertThat(reason).contains("state ERROR");
        assertThat(closed).hasValue(1);
        assertThat(checks).hasValue(3);
    }

    @Test
    void closesAndReportsNoFailureWhenInterrupted() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        AtomicReference<Optional<String>> reason = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread t = new Thread(() -> {
            reason.set(UntilStopped.awaitOrFatal("test", closed::incrementAndGet, Optional::empty, Duration.ofMillis(10)));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        Thread.sleep(50); // let it wait a few checks; the assertion below does not depend on the timing
        t.interrupt();
        t.join(5_000);

        assertThat(t.isAlive()).isFalse();
        assertThat(reason.get()).isEmpty();
        assertThat(closed).hasValue(1);
        assertThat(interruptKept).isTrue();
    }

    @Test
    void treatsEveryStoppedOrFailedStreamsStateAndADeadNotifierAsFatal() {
        assertThat(AnalyzeCommand.fatal("ERROR", true)).contains("Kafka Streams is in state ERROR");
        assertThat(AnalyzeCommand.fatal("PENDING_ERROR", true)).contains("Kafka Streams is in state PENDING_ERROR");
        assertThat(AnalyzeCommand.fatal("NOT_RUNNING", true)).contains("Kafka Streams stopped unexpectedly (state NOT_RUNNING)");
        assertThat(AnalyzeCommand.fatal("PENDING_SHUTDOWN", true)).isPresent();
        assertThat(AnalyzeCommand.fatal("RUNNING", false)).contains("the notifier thread has stopped");
        for (String fine : new String[] {"CREATED", "REBALANCING", "RUNNING"}) {
            assertThat(AnalyzeCommand.fatal(fine, true)).as(fine).isEmpty();
        }
    }
}
