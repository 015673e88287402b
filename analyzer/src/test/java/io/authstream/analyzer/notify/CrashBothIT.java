package io.authstream.analyzer.notify;

import static io.authstream.analyzer.notify.NotifierIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.AnalyzerChild;
import io.authstream.analyzer.AnalyzerHardeningIT;
import io.authstream.analyzer.Events;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import io.authstream.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault run, as separate processes on the real embedded broker: an analyzer JVM and a
 * notifier JVM (console and webhook destinations) during a brute-force attack on 40 accounts. The
 * notifier is killed with {@code kill -9} while a webhook delivery is in flight (its offsets
 * uncommitted, so its successor reads everything again), the attack goes on, the analyzer is killed
 * with {@code kill -9} while it works through the second half (its transaction open), the rest of
 * the attack arrives while both are down, then both are started again. Every sink (the alerts topic
 * read {@code read_committed}, the webhook and the console output of both notifier JVMs) must show
 * exactly one FIRING per alert key, and every key on the topic must have reached every destination.
 *
 * <p>The console is killed when it is idle: a console line printed in the milliseconds between the
 * print and the durable delivery-state write is printed again by the successor (at-least-once; the
 * webhook and PagerDuty carry idempotency keys for that window, a terminal cannot).
 */
@EmbeddedStack
class CrashBothIT {
    private static final Logger LOG = LoggerFactory.getLogger(CrashBothIT.class);
    private static final int USERS = 40;
    private static final Pattern CONSOLE_FIRING = Pattern.compile("^ALERT FIRING .* \\[(\\S+) rev \\d+]$", Pattern.MULTILINE);

    @Test
    void killingTheAnalyzerAndTheNotifierMidAttackLosesAndDoublesNoAlertInAnySink(EmbeddedKafka kafka, @TempDir Path dir)
            throws Exception {
        String prefix = "cb" + System.nanoTime() + "-";
        Map<String, String> analyzer = AnalyzerHardeningIT.settings(kafka, prefix, dir.resolve("state"));
        Topics topics = new Topics(prefix, 3);
        List<String> onTopic = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = AnalyzerHardeningIT.collect(kafka, topics.alerts().name(), onTopic, stop);
        Instant at = Instant.now();
        try (Receiver hook = new Receiver(); KafkaProducer<String, byte[]> producer = AnalyzerHardeningIT.producer(kafka)) {
            Path props = notifierProperties(kafka, prefix, hook, dir);
            Process firstAnalyzer = AnalyzerChild.spawn(analyzer, dir.resolve("analyzer-1.log"));
            Process firstNotifier = null;
            Process secondAnalyzer = null;
            Process secondNotifier = null;
            try {
                collector.start();
                waitFor(() -> AnalyzerChild.started(dir.resolve("analyzer-1.log")), Duration.ofSeconds(90),
                        "the first analyzer started (its topics exist)");
                firstNotifier = NotifierIT.spawn(props, dir.resolve("notifier-1.log"));
                String victim = user(12);
                CountDownLatch held = hook.hold(b -> b.contains(victim) && b.contains("\"firing\""));

                attack(producer, topics, 0, USERS / 2, at, Duration.ZERO);
                assertThat(held.await(120, TimeUnit.SECONDS)).as("a webhook delivery of the first half is in flight").isTrue();
                waitFor(() -> firingIds(dir).size() >= USERS / 2 && firingIds(dir).size() == firings(onTopic).size(),
                        Duration.ofSeconds(60), "the console caught up with the first half");
                firstNotifier.destroyForcibly(); // SIGKILL: no commit, no state write, a delivery left unanswered
                assertThat(firstNotifier.waitFor(30, TimeUnit.SECONDS)).isTrue();
                hook.release();
                int consoleBefore = firingIds(dir).size();

                Thread second = new Thread(() -> attack(producer, topics, USERS / 2, USERS, at, Duration.ofMillis(40)),
                        "second-half");
                second.start();
                waitFor(() -> firings(onTopic).size() > consoleBefore, Duration.ofSeconds(60),
                        "the analyzer alerting on the second half");
                firstAnalyzer.destroyForcibly(); // SIGKILL mid-attack: its open transaction is aborted later
                assertThat(firstAnalyzer.waitFor(30, TimeUnit.SECONDS)).isTrue();
                second.join(60_000);
                int topicBefore = firings(onTopic).size();
                LOG.info("Killed both: {} firings on the topic, {} on the console, {} accepted by the webhook", topicBefore,
                        consoleBefore, accepted(hook).size());

                long t0 = System.nanoTime();
                secondAnalyzer = AnalyzerChild.spawn(analyzer, dir.resolve("analyzer-2.log"));
                int hookBefore = accepted(hook).size();
                secondNotifier = NotifierIT.spawn(props, dir.resolve("notifier-2.log"));
                waitFor(() -> accepted(hook).size() > hookBefore, Duration.ofSeconds(60), "a delivery by the new notifier");
                Duration notifierBack = Duration.ofNanos(System.nanoTime() - t0);
                waitFor(() -> firings(onTopic).size() > topicBefore, Duration.ofSeconds(90), "a new alert by the new analyzer");
                Duration analyzerBack = Duration.ofNanos(System.nanoTime() - t0);
                LOG.info("kill -9 of both and restart: the notifier delivered again {} ms and the analyzer alerted again {} ms"
                        + " after the new JVMs were started", notifierBack.toMillis(), analyzerBack.toMillis());
                System.out.printf("CRASH-BOTH RECOVERY: notifier %d ms, analyzer %d ms after restart%n",
                        notifierBack.toMillis(), analyzerBack.toMillis());

                waitFor(() -> keys(firings(onTopic)).containsAll(expectedKeys(onTopic)) && expectedKeys(onTopic).size() >= USERS,
                        Duration.ofSeconds(120), "a brute-force alert for every account on the topic");
                waitFor(() -> idsOf(accepted(hook)).containsAll(idsOf(firings(onTopic)))
                        && firingIds(dir).containsAll(idsOf(firings(onTopic))), Duration.ofSeconds(90),
                        "every firing in both destinations");
                settle(onTopic, hook, dir);

                List<Alert> topic = firings(onTopic);
                assertThat(counts(topic.stream().map(Alert::key).toList())).as("FIRING per key on the topic")
                        .allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
                Map<String, String> keyOf = topic.stream().collect(Collectors.toMap(Alert::id, Alert::key));
                assertThat(counts(accepted(hook).stream().map(Alert::key).toList())).as("FIRING per key at the webhook")
                        .isEqualTo(counts(topic.stream().map(Alert::key).toList()));
                assertThat(counts(firingIds(dir).stream().map(keyOf::get).toList())).as("FIRING per key on the console")
                        .isEqualTo(counts(topic.stream().map(Alert::key).toList()));
                assertThat(notifierBack).as("the notifier delivers within 10 s of being started").isLessThan(Duration.ofSeconds(10));
                assertThat(analyzerBack).as("the analyzer alerts within 30 s of its JVM being started")
                        .isLessThan(Duration.ofSeconds(30));
            } finally {
                for (Process p : new Process[] {firstAnalyzer, firstNotifier, secondAnalyzer, secondNotifier}) {
                    if (p != null) {
                        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    }
                }
                stop.set(true);
                collector.join(5000);
            }
        }
    }

    private static String user(int i) {
        return "victim" + i + "@example.com";
    }

    /** Six failed logins per account (from one address each: brute force, not stuffing), {@code gap} apart per account. */
    private static void attack(KafkaProducer<String, byte[]> p, Topics topics, int from, int to, Instant at, Duration gap) {
        try {
            for (int u = from; u < to; u++) {
                for (int i = 0; i < 6; i++) {
                    String id = "cb-" + u + "-" + i;
                    AnalyzerHardeningIT.send(p, topics.events().name(), id, Events.event(id, "fp", at.plusMillis(u * 100L + i),
                            "ip", "198.51.100." + u, "user_name", user(u)));
                }
                TimeUnit.MILLISECONDS.sleep(gap.toMillis()); // pacing of the attack, not a wait for a result
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path notifierProperties(EmbeddedKafka kafka, String prefix, Receiver hook, Path dir) throws IOException {
        Properties pr = new Properties();
        pr.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        pr.put("topics.prefix", prefix);
        pr.put("notifier.group-id", prefix + "notifier");
        pr.put("notifier.instance-id", prefix + "notifier-it");
        pr.put("notifier.retry.initial-backoff", "50ms");
        pr.put("notifier.retry.max-backoff", "500ms");
        pr.put("notifier.destinations.hook.type", "webhook");
        pr.put("notifier.destinations.hook.url", hook.url("/hook"));
        pr.put("notifier.destinations.hook.timeout", "60s"); // the held delivery stays in flight until the kill
        pr.put("notifier.destinations.console.type", "console");
        Path props = dir.resolve("notifier.properties");
        try (Writer w = Files.newBufferedWriter(props)) {
            pr.store(w, null);
        }
        return props;
    }

    private static List<Alert> firings(List<String> onTopic) {
        return onTopic.stream().map(s -> Alert.fromJson(s.getBytes(StandardCharsets.UTF_8)))
                .filter(a -> a.state() == AlertState.FIRING).toList();
    }

    /** The brute-force keys, one per attacked account. */
    private static Set<String> expectedKeys(List<String> onTopic) {
        return firings(onTopic).stream().filter(a -> a.rule().equals("brute-force")).map(Alert::key).collect(Collectors.toSet());
    }

    private static Set<String> keys(List<Alert> alerts) {
        return alerts.stream().map(Alert::key).collect(Collectors.toSet());
    }

    private static Set<String> idsOf(List<Alert> alerts) {
        return alerts.stream().map(Alert::id).collect(Collectors.toSet());
    }

    /** FIRINGs the webhook answered 2xx (the one left unanswered by the kill is not among them). */
    private static List<Alert> accepted(Receiver r) {
        return r.seen().stream().filter(q -> q.status() >= 200 && q.status() < 300)
                .map(q -> Alert.fromJson(q.body().getBytes(StandardCharsets.UTF_8)))
                .filter(a -> a.state() == AlertState.FIRING).toList();
    }

    /** Alert ids of every FIRING line both notifier JVMs printed, one entry per line. */
    private static List<String> firingIds(Path dir) {
        List<String> out = new java.util.ArrayList<>();
        for (String log : List.of("notifier-1.log", "notifier-2.log")) {
            Path p = dir.resolve(log);
            if (!Files.exists(p)) {
                continue;
            }
            try {
                Matcher m = CONSOLE_FIRING.matcher(Files.readString(p));
                while (m.find()) {
                    out.add(m.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static Map<String, Integer> counts(List<String> keys) {
        Map<String, Integer> out = new TreeMap<>();
        keys.forEach(k -> out.merge(k, 1, Integer::sum));
        return out;
    }

    /** Waits until no sink has changed for 3 s (a late duplicate would show up in that time). */
    private static void settle(List<String> onTopic, Receiver hook, Path dir) {
        Map<String, Integer> last = new HashMap<>();
        long[] since = {System.nanoTime()};
        waitFor(() -> {
            Map<String, Integer> now = Map.of("topic", onTopic.size(), "hook", hook.seen().size(), "console", firingIds(dir).size());
            if (!now.equals(last)) {
                last.clear();
                last.putAll(now);
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(3).toNanos();
        }, Duration.ofSeconds(60), "every sink quiet for 3 s");
    }
}
