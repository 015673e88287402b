package io.authstream.embedded.emulator;

import io.authstream.embedded.emulator.RecallLabel.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores alerts against the attacks that were played: per rule, recall (attacks with a FIRING
 * alert of that rule whose group names the attack's subject, for events near the attack's), false
 * alerts (FIRING alerts that match no attack) and alert latency (the alert's {@code emitted_at}
 * minus the moment the request carrying the attack's crossing event was sent).
 */
public final class RecallScore {
    /** One attack as played: its label, its seed and when its crossing event was posted (epoch ms). */
    public record Played(long seed, RecallLabel label, long crossingPostedAt) {
    }

    /** One row of the table; latencies in ms, null without detections. */
    public record Row(String rule, int attacks, int detected, int missedOnBoundary, int falseAlerts, Long p50, Long p99) {
        public double recall() {
            return attacks == 0 ? 1.0 : (double) detected / attacks;
        }
    }

    /** The table, its total row and one line per missed attack. */
    public record Report(List<Row> rows, Row total, List<String> missed) {
        /** A Markdown table (it goes into docs as it is), then the missed attacks. */
        public String render() {
            StringBuilder b = new StringBuilder();
            b.append("| rule | attacks | detected | recall | missed on a window boundary | false alerts | latency p50 | latency p99 |\n");
            b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                line(b, r.rule(), r);
            }
            line(b, "**all**", total);
            if (!missed.isEmpty()) {
                b.append("\nmissed:\n");
                missed.forEach(m -> b.append("  ").append(m).append('\n'));
            }
            return b.toString();
        }

        private static void line(StringBuilder b, String name, Row r) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f %% | %d | %d | %s | %s |%n", name, r.attacks(),
                    r.detected(), 100 * r.recall(), r.missedOnBoundary(), r.falseAlerts(), ms(r.p50()), ms(r.p99())));
        }

        private static String ms(Long v) {
            return v == null ? "–" : v < 10_000 ? v + " ms" : String.format(Locale.ROOT, "%.1f s", v / 1000.0);
        }
    }

    private final List<Played> played = new ArrayList<>();

    public void add(Played p) {
        played.add(p);
    }

    public List<Played> played() {
        return List.copyOf(played);
    }

    /** Whether every attack played so far has a matching FIRING alert among {@code alerts}. */
    public boolean allDetected(List<ObservedAlert> alerts) {
        List<ObservedAlert> firing = firing(alerts);
        return played.stream().allMatch(p -> firing.stream().anyMatch(a -> matches(p, a)));
    }

    public Report score(List<ObservedAlert> alerts) {
        List<ObservedAlert> firing = firing(alerts);
        Map<String, List<Played>> byRule = new TreeMap<>();
        played.forEach(p -> byRule.computeIfAbsent(p.label().rule(), r -> new ArrayList<>()).add(p));
        Map<String, Integer> falseByRule = new TreeMap<>();
        for (ObservedAlert a : firing) {
            if (played.stream().noneMatch(p -> matches(p, a))) {
                falseByRule.merge(a.rule(), 1, Integer::sum);
            }
        }
        TreeSet<String> rules = new TreeSet<>(byRule.keySet());
        rules.addAll(falseByRule.keySet());
        List<Row> rows = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int attacks = 0;
        int detected = 0;
        int onBoundary = 0;
        for (String rule : rules) {
            List<Long> lat = new ArrayList<>();
            int missedOnBoundary = 0;
            List<Played> ps = byRule.getOrDefault(rule, List.of());
            for (Played p : ps) {
                ObservedAlert first = firing.stream().filter(a -> matches(p, a))
                        .min(Comparator.comparing(ObservedAlert::emittedAt)).orElse(null);
                if (first == null) {
                    missedOnBoundary += p.label().placement() == Placement.BOUNDARY ? 1 : 0;
                    missed.add("seed " + p.seed() + " " + rule + " " + p.label().placement().name().toLowerCase(Locale.ROOT)
                            + " " + (p.label().subjects().isEmpty() ? "(tenant)" : new TreeSet<>(p.label().subjects()).first())
                            + " " + p.label().first() + " .. " + p.label().last());
                } else {
                    lat.add(first.emittedAt().toEpochMilli() - p.crossingPostedAt());
                }
            }
            all.addAll(lat);
            int fa = falseByRule.getOrDefault(rule, 0);
            rows.add(new Row(rule, ps.size(), lat.size(), missedOnBoundary, fa, percentile(lat, 0.5), percentile(lat, 0.99)));
            attacks += ps.size();
            detected += lat.size();
            onBoundary += missedOnBoundary;
        }
        int falseAlerts = falseByRule.values().stream().mapToInt(Integer::intValue).sum();
        return new Report(rows, new Row("all", attacks, detected, onBoundary, falseAlerts, percentile(all, 0.5),
                percentile(all, 0.99)), missed);
    }

    private static List<ObservedAlert> firing(List<ObservedAlert> alerts) {
        Map<String, ObservedAlert> byId = new LinkedHashMap<>();
        alerts.stream().filter(ObservedAlert::firing).forEach(a -> byId.putIfAbsent(a.id(), a));
        return List.copyOf(byId.values());
    }

    private static boolean matches(Played p, ObservedAlert a) {
        return p.label().matches(a.rule(), a.group().values(), a.windowStart());
    }

    /** Nearest-rank percentile, or null for no values. */
    static Long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> s = values.stream().sorted().toList();
        return s.get(Math.max(0, (int) Math.ceil(p * s.size()) - 1));
    }
}
