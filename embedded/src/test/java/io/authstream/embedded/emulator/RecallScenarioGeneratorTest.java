package io.authstream.embedded.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.embedded.emulator.RecallLabel.Placement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The labelled recall scenario: labels agree with the events, benign traffic stays benign, placement is as claimed. */
class RecallScenarioGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-30T22:17:31.250Z");
    private static final Duration SPAN = Duration.ofHours(5);
    private static RecallScenario scenario;
    private static List<JsonNode> data;

    /** A count rule at its defaults, as an independent reading of the analyzer's rule table. */
    private record Rule(Set<String> codes, Function<JsonNode, String> group, long threshold, Duration window) {
        boolean counts(JsonNode d) {
            return codes.contains(d.path("type").asText());
        }
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("credential-stuffing", new Rule(Set.of("f", "fu", "fp", "pwd_leak"), d -> d.path("ip").asText(), 20,
                    Duration.ofHours(1))),
            Map.entry("brute-force", new Rule(Set.of("f", "fu", "fp", "fcoa"), RecallScenarioGeneratorTest::user, 5,
                    Duration.ofMinutes(10))),
            Map.entry("rate-limit", new Rule(Set.of("api_limit"), RecallScenarioGeneratorTest::client, 1, Duration.ofMinutes(5))),
            Map.entry("rate-limit-warning", new Rule(Set.of("api_limit_warning"), RecallScenarioGeneratorTest::client, 1,
                    Duration.ofMinutes(5))),
            Map.entry("rate-limit-burst", new Rule(Set.of("appi", "elevated_rate_limit"), RecallScenarioGeneratorTest::client, 1,
                    Duration.ofHours(1))),
            Map.entry("management-api-failures", new Rule(Set.of("fapi"), RecallScenarioGeneratorTest::client, 5,
                    Duration.ofMinutes(5))),
            Map.entry("mfa-push-fatigue", new Rule(Set.of("gd_send_pn"), RecallScenarioGeneratorTest::user, 5, Duration.ofMinutes(30))),
            Map.entry("mfa-failures", new Rule(Set.of("gd_auth_failed", "gd_auth_rejected", "gd_recovery_failed"),
                    RecallScenarioGeneratorTest::user, 5, Duration.ofMinutes(15))),
            Map.entry("signup-surge", new Rule(Set.of("ss", "fs", "signup_pwd_leak"), d -> d.path("ip").asText(), 20,
                    Duration.ofHours(1))),
            Map.entry("refresh-token-reuse", new Rule(Set.of("ferrt"), RecallScenarioGeneratorTest::user, 1, Duration.ofHours(1))),
            Map.entry("breached-password", new Rule(Set.of("pwd_leak", "signup_pwd_leak", "reset_pwd_leak"),
                    RecallScenarioGeneratorTest::user, 1, Duration.ofHours(1))),
            Map.entry("attack-protection", new Rule(Set.of("limit_wc", "limit_sul", "limit_mu", "limit_delegation", "limit_phone"),
                    d -> d.path("ip").asText(), 1, Duration.ofMinutes(60))));

    private static String user(JsonNode d) {
        return d.path("user_name").asText();
    }

    private static String client(JsonNode d) {
        return d.path("client_id").asText();
    }

    @BeforeAll
    static void generate() {
        scenario = new RecallScenarioGenerator(42, "acme").generate(START, SPAN, 200);
        data = scenario.events().stream().map(b -> {
            try {
                return JSON.readTree(b).path("data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void theSameSeedAndStartGiveTheSameEventsAndLabels() {
        RecallScenario again = new RecallScenarioGenerator(42, "acme").generate(START, SPAN, 200);
        assertThat(again.size()).isEqualTo(scenario.size());
        for (int i = 0; i < scenario.size(); i++) {
            assertThat(again.events().get(i)).isEqualTo(scenario.events().get(i));
        }
        assertThat(again.labels()).extracting(RecallLabel::crossing, RecallLabel::subjects)
                .isEqualTo(scenario.labels().stream().map(l -> org.assertj.core.groups.Tuple.tuple(l.crossing(), l.subjects())).toList());
        RecallScenario other = new RecallScenarioGenerator(43, "acme").generate(START, SPAN, 200);
        assertThat(other.labels().get(0).subjects()).isNotEqualTo(scenario.labels().get(0).subjects());
    }

    @Test
    void placesEveryAttackInTheShortestSpanForManySeeds() {
        for (long seed = 1; seed <= 40; seed++) {
            RecallScenario s = new RecallScenarioGenerator(seed, "acme").generate(START, Duration.ofHours(4), 10);
            assertThat(s.labels()).hasSize(2 * RecallScenarioGenerator.KINDS.size() - 1);
        }
    }

    @Test
    void labelsEveryBuiltInAttackKindAtARandomOffsetAndOnABoundary() {
        Map<String, Set<Placement>> byRule = scenario.labels().stream().collect(Collectors.groupingBy(RecallLabel::rule,
                Collectors.mapping(RecallLabel::placement, Collectors.toSet())));
        assertThat(byRule.keySet()).containsAll(RULES.keySet()).contains("failure-spike", "mfa-toll-fraud", "unknown-event-code");
        byRule.forEach((rule, placements) -> assertThat(placements).as(rule)
                .containsAll(rule.equals("unknown-event-code") ? Set.of(Placement.RANDOM) : Set.of(Placement.values())));
    }

    @Test
    void eachLabelClaimsEventsItsRuleCountsForItsSubjectWithinOneWindowAndCrossesAtTheThresholdthEvent() {
        for (RecallLabel l : scenario.labels()) {
            int[] ev = l.events();
            assertThat(ev.length).as(l.rule()).isGreaterThanOrEqualTo((int) l.threshold());
            assertThat(scenario.times()[ev[ev.length - 1]] - scenario.times()[ev[0]]).as(l.rule())
                    .isLessThan(l.window().toMillis());
            assertThat(l.crossing()).isEqualTo(ev[(int) l.threshold() - 1]);
            assertThat(l.first()).isEqualTo(Instant.ofEpochMilli(scenario.times()[ev[0]]));
            Rule r = RULES.get(l.rule());
            for (int i : ev) {
                JsonNode d = data.get(i);
                if (r != null) {
                    assertThat(r.counts(d)).as(l.rule() + " counts " + d.path("type")).isTrue();
                    assertThat(l.subjects()).as(l.rule()).contains(r.group().apply(d));
                } else if (l.rule().equals("failure-spike")) {
                    assertThat(d.path("type").asText()).isIn("fp", "fu");
                } else if (l.rule().equals("mfa-toll-fraud")) {
                    assertThat(d.path("type").asText()).isEqualTo("gd_send_sms");
                } else {
                    assertThat(l.subjects()).containsExactly(d.path("type").asText());
                    assertThat(d.path("type").asText()).startsWith("recall_probe_");
                }
            }
        }
    }

    @Test
    void noGroupReachesAThresholdExceptTheLabelledAttacksOfThatRule() {
        for (Map.Entry<String, Rule> e : RULES.entrySet()) {
            Set<String> labelled = scenario.labels().stream().filter(l -> l.rule().equals(e.getKey()))
                    .flatMap(l -> l.subjects().stream()).collect(Collectors.toSet());
            assertThat(crossing(e.getValue(), null)).as(e.getKey()).isSubsetOf(labelled);
            assertThat(crossing(e.getValue(), scenario.benign())).as("benign " + e.getKey()).isEmpty();
        }
    }

    /** Groups that hold {@code threshold} counted events in some interval of length window (only {@code among}, if given). */
    private static Set<String> crossing(Rule r, BitSet among) {
        Map<String, List<Long>> times = new HashMap<>();
        for (int i = 0; i < data.size(); i++) {
            if ((among == null || among.get(i)) && r.counts(data.get(i))) {
                times.computeIfAbsent(r.group().apply(data.get(i)), g -> new ArrayList<>()).add(scenario.times()[i]);
            }
        }
        int n = (int) r.threshold();
        return times.entrySet().stream().filter(g -> {
            List<Long> t = g.getValue();
            for (int i = 0; i + n - 1 < t.size(); i++) {
                if (t.get(i + n - 1) - t.get(i) < r.window().toMillis()) {
                    return true;
                }
            }
            return false;
        }).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    @Test
    void benignTrafficFollowsTheTimeOfDayAndTheLaunchKeepsTheUsualFailureRatio() {
        BitSet benign = scenario.benign();
        long launchFrom = Instant.parse(scenario.facts().get("launch.from")).toEpochMilli();
        long launchTo = Instant.parse(scenario.facts().get("launch.to")).toEpochMilli();
        Map<Long, long[]> minutes = new HashMap<>(); // minute → {events, failures, successes}
        benign.stream().forEach(i -> {
            long[] m = minutes.computeIfAbsent(scenario.times()[i] / 60_000, k -> new long[3]);
            m[0]++;
            String type = data.get(i).path("type").asText();
            if (type.equals("fp") || type.equals("fu")) {
                m[1]++;
            } else if (Set.of("s", "ssa", "seacft", "sertft").contains(type)) {
                m[2]++;
            }
        });
        // no event codes of single-event rules in benign traffic
        assertThat(benign.stream().mapToObj(i -> data.get(i).path("type").asText())).doesNotContain("api_limit",
                "api_limit_warning", "appi", "fapi", "ferrt", "pwd_leak", "limit_wc", "gd_auth_failed");
        double launch = avg(minutes, launchFrom, launchTo, 0);
        double before = avg(minutes, launchFrom - 3_600_000, launchFrom - 600_000, 0);
        assertThat(launch / before).as("launch traffic").isGreaterThan(3.5);
        assertThat(avg(minutes, launchFrom, launchTo, 1)).as("launch failures per minute above the spike floor")
                .isGreaterThan(30);
        double ratioLaunch = avg(minutes, launchFrom, launchTo, 1) / avg(minutes, launchFrom, launchTo, 2);
        double ratioBefore = avg(minutes, launchFrom - 3_600_000, launchFrom - 600_000, 1)
                / avg(minutes, launchFrom - 3_600_000, launchFrom - 600_000, 2);
        assertThat(ratioLaunch / ratioBefore).isBetween(0.7, 1.4);
        // daily seasonality: 15:00 UTC is the peak, 03:00 the trough
        assertThat(RecallScenarioGenerator.seasonal(Instant.parse("2026-11-30T15:00:00Z").toEpochMilli())).isEqualTo(1.5);
        assertThat(RecallScenarioGenerator.seasonal(Instant.parse("2026-11-30T03:00:00Z").toEpochMilli())).isEqualTo(0.5);
        RecallScenario night = new RecallScenarioGenerator(7, "acme").generate(Instant.parse("2026-11-30T01:00:00Z"), SPAN, 200);
        RecallScenario day = new RecallScenarioGenerator(7, "acme").generate(Instant.parse("2026-11-30T13:00:00Z"), SPAN, 200);
        assertThat((double) day.benign().cardinality() / night.benign().cardinality()).isGreaterThan(1.8);
    }

    private static double avg(Map<Long, long[]> minutes, long from, long to, int field) {
        return minutes.entrySet().stream().filter(e -> e.getKey() * 60_000 >= from && (e.getKey() + 1) * 60_000 <= to)
                .mapToLong(e -> e.getValue()[field]).average().orElseThrow();
    }

    @Test
    void boundaryBurstsAreCentredOnAMultipleOfTheirWindowSoThatATumblingWindowSplitsThem() {
        List<RecallLabel> boundary = scenario.labels().stream().filter(l -> l.placement() == Placement.BOUNDARY).toList();
        assertThat(boundary).hasSizeGreaterThanOrEqualTo(14);
        for (RecallLabel l : boundary) {
            long first = l.first().toEpochMilli();
            long last = l.last().toEpochMilli();
            long middle = (first + last) / 2;
            assertThat(Math.floorMod(middle, l.window().toMillis())).as(l.rule()).isZero();
            if (l.threshold() > 1 && !l.subjects().isEmpty()) { // a baseline rule's burst fills both buckets anyway
                long beforeBoundary = java.util.Arrays.stream(l.events()).filter(i -> scenario.times()[i] < middle).count();
                assertThat(beforeBoundary).as(l.rule() + " split").isLessThan(l.threshold())
                        .isGreaterThanOrEqualTo(l.events().length / 2 - 1);
            }
        }
        List<RecallLabel> random = scenario.labels().stream().filter(l -> l.placement() == Placement.RANDOM).toList();
        assertThat(random).anyMatch(l -> Math.floorMod((l.first().toEpochMilli() + l.last().toEpochMilli()) / 2,
                l.window().toMillis()) != 0);
        long warm = START.plus(Duration.ofMinutes(RecallScenarioGenerator.WARM_UP_MINUTES)).toEpochMilli();
        assertThat(scenario.labels()).allMatch(l -> l.first().toEpochMilli() >= warm && l.last().isBefore(START.plus(SPAN)));
    }
}
