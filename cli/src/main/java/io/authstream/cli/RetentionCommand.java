package io.authstream.cli;

import io.authstream.retention.RetentionConfig;
import io.authstream.retention.RetentionService;
import io.authstream.retention.enforce.ApplyResult;
import io.authstream.retention.enforce.EraseResult;
import io.authstream.retention.enforce.Plan;
import io.authstream.retention.enforce.PlanRenderer;
import io.authstream.retention.enforce.Progress;
import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.hold.LegalHold;
import io.authstream.retention.report.ReportRenderer;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.RetentionReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream retention}: wiring of the retention job (logic lives in the retention module). */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Enforces retention limits on the Auth0 log archive: plan, apply, legal holds, erasure, reports.",
        subcommands = {RetentionCommand.PlanCmd.class, RetentionCommand.ApplyCmd.class, RetentionCommand.RunCmd.class,
                RetentionCommand.HoldCmd.class, RetentionCommand.EraseCmd.class, RetentionCommand.ReportCmd.class,
                RetentionCommand.VerifyCmd.class, RetentionCommand.AuditCmd.class})
final class RetentionCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionCommand.class);

    /** Options every subcommand takes. */
    static final class Common {
        @Option(names = "--config", description = "Configuration file (YAML or properties) with retention.* keys; AUTHSTREAM_RETENTION_* variables override it.")
        Path config;

        @Option(names = "--policy", description = "Retention policy file (YAML or JSON); overrides retention.policy-file.")
        Path policy;

        RetentionService service() {
            return service(null);
        }

        /** @param registry where the service's meters go; null: nowhere (one-shot commands) */
        RetentionService service(io.micrometer.core.instrument.MeterRegistry registry) {
            RetentionConfig cfg = RetentionConfig.from(Config.load(config));
            if (policy != null) {
                cfg = cfg.withPolicyFile(policy);
            }
            LOG.info("retention configuration: {}", cfg);
            RetentionService.Builder b = RetentionService.builder(cfg);
            if (registry != null) {
                b.meterRegistry(registry);
            }
            RetentionService s = b.build();
            LOG.info("retention policy: {}", s.policy());
            return s;
        }
    }

    /** Progress lines on stderr, at most one per second per step. */
    static Progress terminalProgress(PrintWriter err) {
        return new Progress() {
            private long lastPrint;
            private String lastIndex = "";

            @Override
            public void update(String step, String index, long done, long total) {
                long now = System.nanoTime();
                boolean finished = done >= total;
                if (!index.equals(lastIndex) || finished || now - lastPrint > 1_000_000_000L) {
                    err.printf(Locale.ROOT, "  %-12s %-40s %,12d / %,d%n", step, index, done, total);
                    err.flush();
                    lastPrint = now;
                    lastIndex = index;
                }
            }
        };
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Dry run: what apply would delete and what is held. Changes nothing.")
    static final class PlanCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--json", description = "Print the plan as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (RetentionService s = common.service()) {
                Plan p = s.plan();
                PrintWriter out = spec.commandLine().getOut();
                out.print(json ? p.toJson().toPrettyString() + "\n" : PlanRenderer.table(p));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Enforces the policy now. Idempotent; rerun after a failure to resume. Exit 1 if anything failed.")
    static final class ApplyCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;

        @Override
        public Integer call() {
            try (RetentionService s = common.service()) {
                PrintWriter err = spec.commandLine().getErr();
                ApplyResult r = s.apply(terminalProgress(err));
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "Applied policy %s as of %s in %.1f s: %d indices deleted (%,d documents), %,d documents trimmed "
                                + "(%,.0f/s), %,d held documents copied into hold indices.%n",
                        r.policyVersion(), r.asOf(), r.elapsed().toMillis() / 1000.0, r.indicesDeleted(), r.documentsInDeletedIndices(),
                        r.documentsTrimmed(), r.trimmedPerSecond(), r.copiedToHolds());
                r.heldByCase().forEach((c, n) -> out.printf(Locale.ROOT, "  hold %s keeps %,d expired documents%n", c, n));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs apply and a stored report periodically until stopped (Ctrl-C).")
    static final class RunCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--every", required = true, description = "Interval, e.g. 1h, 1d, PT6H.")
        String every;

        @Override
        public Integer call() throws InterruptedException {
            Duration d = Config.parseDuration("--every", every);
            io.authstream.ops.OpsAddress opsAddress = OpsKeys.address(Config.load(common.config), "retention");
            OpsEndpoint ops = new OpsEndpoint("retention");
            RetentionService s;
            try {
                s = common.service(ops.metrics().registry());
                ops.serve(opsAddress, HealthChecks.retention(s, java.time.Clock.systemUTC()));
            } catch (RuntimeException e) {
                ops.close();
                throw e;
            }
            spec.commandLine().getOut().println("authstream retention: enforcing every " + d + "; operations on http://"
                    + opsAddress.host() + ":" + ops.port() + "/health/ready and /metrics; Ctrl-C stops.");
            spec.commandLine().getOut().flush();
            s.startSchedule(d);
            UntilStopped.await("retention", () -> {
                s.close();
                ops.close();
            });
            return 0;
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Legal holds: events they cover are never deleted.",
            subcommands = {HoldAdd.class, HoldList.class, HoldRelease.class})
    static final class HoldCmd {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Places a legal hold on the events the selection matches (all criteria must match).")
    static final class HoldAdd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--case", required = true, description = "Case id, e.g. INC-2026-042.")
        String caseId;
        @Option(names = "--reason", required = true, description = "Why (recorded in the audit trail).")
        String reason;
        @Option(names = "--tenant", description = "authstream.tenant to hold.")
        String tenant;
        @Option(names = "--user-id", description = "user.id to hold.")
        String userId;
        @Option(names = "--ip", description = "source.ip address or CIDR range to hold.")
        String ip;
        @Option(names = "--from", description = "Start of the held time range (inclusive), e.g. 2026-01-01 or 2026-01-01T10:00:00Z.")
        String from;
        @Option(names = "--to", description = "End of the held time range (exclusive).")
        String to;

        @Override
        public Integer call() {
            HoldSelection sel = new HoldSelection(tenant, userId, ip, instant("--from", from), instant("--to", to));
            try (RetentionService s = common.service()) {
                LegalHold h = s.addHold(caseId, reason, sel);
                spec.commandLine().getOut().println("Legal hold " + h.caseId() + " placed on " + sel.describe() + ".");
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    static Instant instant(String option, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a date (2026-01-31) or an instant (2026-01-31T10:00:00Z), was '" + v + "'.");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists legal holds, active first.")
    static final class HoldList implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;

        @Override
        public Integer call() {
            try (RetentionService s = common.service()) {
                PrintWriter out = spec.commandLine().getOut();
                var holds = s.holds();
                if (holds.isEmpty()) {
                    out.println("No legal holds.");
                }
                for (LegalHold h : holds) {
                    out.printf(Locale.ROOT, "%-20s %-8s since %s by %s: %s%n    reason: %s%s%n", h.caseId(), h.active() ? "active" : "released",
                            h.createdAt(), h.createdBy(), h.selection().describe(), h.reason(),
                            h.active() ? "" : "\n    released " + h.releasedAt() + " by " + h.releasedBy());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Releases a legal hold; the next apply may delete what it kept.")
    static final class HoldRelease implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--case", required = true)
        String caseId;
        @Option(names = "--reason", description = "Why (recorded in the audit trail).")
        String reason;

        @Override
        public Integer call() {
            try (RetentionService s = common.service()) {
                s.releaseHold(caseId, reason);
                spec.commandLine().getOut().println("Legal hold " + caseId + " released.");
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = "Deletes every archived event of one person (user.id); legal holds win and are reported. Audited with a salted hash.")
    static final class EraseCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--user-id", required = true, description = "The Auth0 user id, e.g. auth0|64f0c0ffee.")
        String userId;

        @Override
        public Integer call() {
            try (RetentionService s = common.service()) {
                EraseResult r = s.erase(userId, terminalProgress(spec.commandLine().getErr()));
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "Erased %,d events of the user (audited as %s).%n", r.deleted(), r.subjectHash());
                if (r.held() > 0) {
                    out.printf(Locale.ROOT, "%,d events were kept because legal holds cover them: %s%n", r.held(), r.heldByCase());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Compliance report per retention class; also stored in Elasticsearch for Kibana.")
    static final class ReportCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--format", description = "markdown, json or csv (default: ${DEFAULT-VALUE}).")
        String format = "markdown";
        @Option(names = "--out", description = "Write to this file instead of standard output.")
        Path out;
        @Option(names = "--period", description = "Deletions are counted over this period (default: retention.report-period, 30d).")
        String period;
        @Option(names = "--no-store", description = "Do not store the report in Elasticsearch.")
        boolean noStore;
        @Option(names = "--fail-on-violation", description = "Exit with status 3 when a class is in violation.")
        boolean failOnViolation;

        @Override
        public Integer call() throws java.io.IOException {
            ReportRenderer.Format f = ReportRenderer.Format.of(format);
            try (RetentionService s = common.service()) {
                Duration p = period == null ? s.config().reportPeriod() : Config.parseDuration("--period", period);
                RetentionReport r = s.report(p);
                if (!noStore) {
                    s.storeReport(r);
                }
                String text = ReportRenderer.render(r, f, s.auditChainHead());
                if (out == null) {
                    spec.commandLine().getOut().print(text);
                    spec.commandLine().getOut().flush();
                } else {
                    Files.writeString(out, text, StandardCharsets.UTF_8);
                    spec.commandLine().getErr().println("Report written to " + out);
                }
                return failOnViolation && !r.compliant() ? 3 : 0;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-checks the guarantee now: exit 3 and the offending indices if any document is older than its limit and no legal hold covers it.")
    static final class VerifyCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (RetentionService s = common.service()) {
                var v = s.verify();
                return verdict(spec, json ? v.toJson().toPrettyString() : v.text(), v.passed());
            }
        }
    }

    /** Prints a check's answer (text or JSON) on its own lines; exit 0 when the check passed, 3 when it did not. */
    static int verdict(CommandSpec spec, String answer, boolean passed) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(answer.endsWith("\n") ? answer : answer + "\n");
        out.flush();
        return passed ? 0 : 3;
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "The hash-chained audit trail.", subcommands = AuditVerifyCmd.class)
    static final class AuditCmd {
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walks the whole audit chain: prints its head and exits 0, or names the first break (deleted, inserted or edited entry) and exits 3.")
    static final class AuditVerifyCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (RetentionService s = common.service()) {
                var v = s.auditVerify();
                return verdict(spec, json ? v.toJson().toPrettyString() : v.describe(), v.intact());
            }
        }
    }
}
