package io.authstream.retention.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.audit.ChainHead;
import io.authstream.schemas.record.RetentionPolicy;
import io.authstream.schemas.record.RetentionReport;
import java.time.Duration;
import java.util.Locale;

/** Renders a {@link RetentionReport} as markdown (for people), CSV (for spreadsheets) or JSON (for machines). */
public final class ReportRenderer {
    private ReportRenderer() {
    }

    public enum Format {
        MARKDOWN, JSON, CSV;

        public static Format of(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format must be markdown, json or csv, was '" + s + "'");
            }
        }
    }

    public static String render(RetentionReport r, Format f) {
        return switch (f) {
            case MARKDOWN -> markdown(r);
            case JSON -> r.toJson() + "\n";
            case CSV -> csv(r);
        };
    }

    /**
     * As {@link #render(RetentionReport, Format)}, quoting the audit chain head ({@code null}: none
     * yet): a line in markdown, {@code audit_chain_head} in JSON; CSV is unchanged (one row per class).
     */
    public static String render(RetentionReport r, Format f, ChainHead head) {
        return switch (f) {
            case MARKDOWN -> markdown(r, head);
            case JSON -> json(r, head);
            case CSV -> csv(r);
        };
    }

    static String json(RetentionReport r, ChainHead head) {
        ObjectNode n = r.toJsonNode();
        ObjectNode h = n.putObject("audit_chain_head");
        if (head != null) {
            h.put("seq", head.seq()).put("hash", head.hash());
        }
        return n.toPrettyString() + "\n";
    }

    static String markdown(RetentionReport r, ChainHead head) {
        String m = markdown(r);
        String line = "- Audit chain head: " + (head == null ? "none yet (no chained audit entry)"
                : "sequence " + head.seq() + ", `" + head.hash() + "` (check with `authstream retention audit verify`)") + "\n";
        int at = m.indexOf("- Deletions counted from ");
        return at < 0 ? m + line : m.substring(0, at) + line + m.substring(at);
    }

    public static String markdown(RetentionReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Retention compliance report\n\n");
        b.append("- Generated: ").append(r.generatedAt()).append(" by ").append(r.operator()).append('\n');
        b.append("- Policy version: `").append(r.policyVersion()).append("`\n");
        b.append("- Overall: **").append(r.compliant() ? "compliant" : "VIOLATION").append("**\n");
        b.append("- Last successful enforcement: ").append(r.lastSuccessfulEnforcement() == null ? "never (no successful apply in the audit trail)"
                : r.lastSuccessfulEnforcement().toString()).append('\n');
        b.append("- Deletions counted from ").append(r.periodStart()).append(" to ").append(r.generatedAt()).append("\n\n");
        b.append("| Class | Limit | Oldest event | Documents | Size | Indices | Status | Held beyond limit | Deleted (indices / docs / erased) |\n");
        b.append("|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (RetentionReport.ClassStatus c : r.classes()) {
            String limit = RetentionPolicy.format(c.limit());
            if (!c.tenantLimits().isEmpty()) {
                StringBuilder t = new StringBuilder();
                c.tenantLimits().forEach((k, v) -> t.append(t.isEmpty() ? "" : ", ").append(k).append(' ').append(RetentionPolicy.format(v)));
                limit += " (" + t + ")";
            }
            String status = c.status() == RetentionReport.Status.COMPLIANT ? "compliant"
                    : "**violation**: " + c.documentsBeyond() + " docs, oldest " + age(c.beyondLimit()) + " beyond the limit";
            b.append("| ").append(c.retentionClass().id()).append(" | ").append(limit).append(" | ")
                    .append(c.oldestEventAge() == null ? "–" : age(c.oldestEventAge())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", c.documents())).append(" | ").append(bytes(c.sizeBytes())).append(" | ")
                    .append(c.indices()).append(" | ").append(status).append(" | ").append(c.heldBeyond()).append(" | ")
                    .append(c.deletionsInPeriod().indicesDeleted()).append(" / ")
                    .append(String.format(Locale.ROOT, "%,d", c.deletionsInPeriod().documentsDeleted())).append(" / ")
                    .append(c.deletionsInPeriod().documentsErased()).append(" |\n");
        }
        b.append("\nAges are measured from the event date (`@timestamp`); a class is in violation when an event no legal hold covers "
                + "is older than its limit plus the grace period (").append(r.classes().isEmpty() ? "" : RetentionPolicy.format(r.classes().get(0).grace()))
                .append(").\n\n");
        b.append("## Active legal holds\n\n");
        if (r.holds().isEmpty()) {
            b.append("None.\n");
        } else {
            b.append("| Case | Reason | Since | By | Selection | Documents held |\n|---|---|---|---|---|---:|\n");
            for (RetentionReport.HoldStatus h : r.holds()) {
                b.append("| ").append(h.caseId()).append(" | ").append(h.reason().replace("|", "\\|")).append(" | ").append(h.createdAt())
                        .append(" | ").append(h.createdBy()).append(" | `").append(h.selection()).append("` | ").append(h.heldDocuments()).append(" |\n");
            }
        }
        b.append("\n## Shards\n\n").append(r.shards().shards()).append(" open shards of a budget of ").append(r.shards().budget())
                .append(String.format(Locale.ROOT, " (%.1f %%)", 100 * r.shards().usedFraction()))
                .append(r.shards().usedFraction() > 0.8 ? " — **over 80 %: merge indices or add nodes**" : "").append(".\n");
        return b.toString();
    }

    public static String csv(RetentionReport r) {
        StringBuilder b = new StringBuilder("report_id,generated_at,policy_version,class,limit_days,oldest_event_age_days,documents,size_bytes,"
                + "indices,status,documents_beyond_limit,beyond_limit_days,held_beyond_limit,deleted_indices,deleted_documents,erased_documents,"
                + "last_successful_enforcement,shards_open,shards_budget\n");
        for (RetentionReport.ClassStatus c : r.classes()) {
            b.append(r.reportId()).append(',').append(r.generatedAt()).append(',').append(csvField(r.policyVersion())).append(',')
                    .append(c.retentionClass().id()).append(',').append(RetentionReport.days(c.limit())).append(',')
                    .append(c.oldestEventAge() == null ? "" : RetentionReport.days(c.oldestEventAge())).append(',')
                    .append(c.documents()).append(',').append(c.sizeBytes()).append(',').append(c.indices()).append(',')
                    .append(c.status().id()).append(',').append(c.documentsBeyond()).append(',')
                    .append(c.beyondLimit() == null ? "" : RetentionReport.days(c.beyondLimit())).append(',')
                    .append(c.heldBeyond()).append(',').append(c.deletionsInPeriod().indicesDeleted()).append(',')
                    .append(c.deletionsInPeriod().documentsDeleted()).append(',').append(c.deletionsInPeriod().documentsErased()).append(',')
                    .append(r.lastSuccessfulEnforcement() == null ? "" : r.lastSuccessfulEnforcement()).append(',')
                    .append(r.shards().shards()).append(',').append(r.shards().budget()).append('\n');
        }
        return b.toString();
    }

    private static String csvField(String s) {
        return s.matches("[^,\"\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String age(Duration d) {
        if (d == null) {
            return "–";
        }
        long hours = d.toHours();
        return hours >= 48 ? String.format(Locale.ROOT, "%.1f d", d.toMinutes() / 1440.0) : hours + " h";
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }
}
