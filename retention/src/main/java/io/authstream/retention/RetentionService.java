package io.authstream.retention;

import io.authstream.retention.audit.AuditEntry;
import io.authstream.retention.audit.ChainHead;
import io.authstream.retention.audit.ChainVerdict;
import io.authstream.retention.audit.AuditLog;
import io.authstream.retention.audit.SubjectHash;
import io.authstream.retention.enforce.ApplyResult;
import io.authstream.retention.enforce.Checkpoint;
import io.authstream.retention.enforce.ClockCheck;
import io.authstream.retention.enforce.Enforcer;
import io.authstream.retention.enforce.EraseResult;
import io.authstream.retention.enforce.Eraser;
import io.authstream.retention.enforce.IndexState;
import io.authstream.retention.enforce.Plan;
import io.authstream.retention.enforce.Progress;
import io.authstream.retention.enforce.RunLock;
import io.authstream.retention.enforce.Surveyor;
import io.authstream.retention.enforce.Verification;
import io.authstream.retention.es.Es;
import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.hold.HoldStore;
import io.authstream.retention.hold.LegalHold;
import io.authstream.retention.report.ReportStore;
import io.authstream.retention.report.Reporter;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.HostName;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import io.authstream.schemas.record.RetentionReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job's programmatic API: {@link #plan()}, {@link #apply(Progress)},
 * {@link #report(Duration)}, legal holds, {@link #erase}, and {@link #start(RetentionConfig, Duration)}
 * for a periodic service. Every destructive operation runs under the Elasticsearch lock and is
 * audited with the policy version. The policy file is read at each operation, so an edit takes
 * effect at the next run (and an invalid edit fails that run with a clear error).
 *
 * <p>Metrics ({@link MeterRegistry}): {@code authstream.retention.last.success} (epoch seconds of
 * the last successful apply), {@code authstream.retention.documents.deleted},
 * {@code authstream.retention.indices.deleted}, {@code authstream.retention.violations} (expired,
 * unheld documents found at the start of the last run), {@code authstream.retention.runs{outcome}},
 * {@code authstream.retention.verify.violations} (expired, unheld documents the last {@link #verify()}
 * found; the periodic service verifies after each apply) and
 * {@code authstream.retention.verify.last.success} (seconds; epoch seconds of the last verify that
 * found none).
 */
public final class RetentionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    private final RetentionConfig config;
    private final Clock clock;
    private final Es es;
    private final IndexLayout layout;
    private final HoldStore holds;
    private final AuditLog audit;
    private final RunLock lock;
    private final ClockCheck clockCheck;
    private final Checkpoint checkpoint;
    private final RetentionPolicy fixedPolicy;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong verifyViolations = new AtomicLong();
    private final AtomicLong verifyLastSuccess = new AtomicLong();
    private final Counter docsDeleted;
    private final Counter indicesDeleted;
    private final Counter runsOk;
    private final Counter runsFailed;
    private final MeterRegistry registry;
    private volatile ScheduledExecutorService scheduler;
    private volatile RunOutcome lastRun;

    /** How the last scheduled run ({@link #runOnce()}) ended; {@code problem} is null when it succeeded. */
    public record RunOutcome(Instant at, boolean succeeded, String problem) {
    }

    private RetentionService(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.checkpoint = b.checkpoint;
        this.fixedPolicy = b.policy;
        this.es = Es.connect(config);
        this.layout = new IndexLayout(config.indexPrefix(), Map.of());
        String host = HostName.name();
        this.holds = new HoldStore(es, config.indexPrefix());
        this.audit = new AuditLog(es, layout, clock, config.operator(), host);
        this.lock = new RunLock(es, config.indexPrefix(), clock, config.lockTtl(), config.operator());
        this.clockCheck = new ClockCheck(es, clock, config.maxClockSkew());
        this.registry = b.registry;
        Gauge.builder("authstream.retention.last.success", lastSuccess, AtomicLong::doubleValue)
                .description("Epoch seconds of the last successful apply (0: none yet)").register(registry);
        Gauge.builder("authstream.retention.violations", violations, AtomicLong::doubleValue)
                .description("Expired documents no hold covers, found at the start of the last run").register(registry);
        Gauge.builder("authstream.retention.verify.violations", verifyViolations, AtomicLong::doubleValue)
                .description("Expired documents no hold covers, found by the last verify").register(registry);
        Gauge.builder("authstream.retention.verify.last.success", verifyLastSuccess, AtomicLong::doubleValue).baseUnit("seconds")
                .description("Epoch seconds of the last verify that found no violation (0: none yet)").register(registry);
        this.docsDeleted = Counter.builder("authstream.retention.documents.deleted").register(registry);
        this.indicesDeleted = Counter.builder("authstream.retention.indices.deleted").register(registry);
        this.runsOk = Counter.builder("authstream.retention.runs").tag("outcome", "success").register(registry);
        this.runsFailed = Counter.builder("authstream.retention.runs").tag("outcome", "failure").register(registry);
    }

    public static Builder builder(RetentionConfig config) {
        return new Builder(config);
    }

    /** Builds a service (connects lazily: nothing is sent until an operation runs). */
    public static final class Builder {
        private final RetentionConfig config;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Checkpoint checkpoint = Checkpoint.NONE;
        private RetentionPolicy policy;

        private Builder(RetentionConfig config) {
            this.config = config;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder meterRegistry(MeterRegistry r) {
            this.registry = r;
            return this;
        }

        /** Tests: fail the apply at a chosen point. */
        public Builder checkpoint(Checkpoint c) {
            this.checkpoint = c;
            return this;
        }

        /** A fixed policy instead of {@code retention.policy-file}. */
        public Builder policy(RetentionPolicy p) {
            this.policy = p;
            return this;
        }

        public RetentionService build() {
            return new RetentionService(this);
        }
    }

    /** Starts periodic enforcement (apply, then a stored report) every {@code every}, first run now. Close to stop. */
    public static RetentionService start(RetentionConfig config, Duration every) {
        RetentionService s = builder(config).build();
        s.startSchedule(every);
        return s;
    }

    /** Runs apply and a stored report every {@code every}, starting now, on a daemon thread. */
    public synchronized void startSchedule(Duration every) {
        if (scheduler != null) {
            throw new IllegalStateException("already scheduled");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::runOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One scheduled cycle (apply, verify, stored report); failures are logged and counted, the schedule goes on. False if verify found violations. */
    public boolean runOnce() {
        try {
            ApplyResult r = apply(Progress.NONE);
            LOG.info("retention run {}: {} indices deleted, {} documents removed ({} trimmed), {} held",
                    r.runId(), r.indicesDeleted(), r.documentsRemoved(), r.documentsTrimmed(), r.heldByCase());
            Verification v = verify();
            if (v.passed()) {
                LOG.info("retention verify: {} indices checked, no violation", v.indicesChecked());
            } else {
                LOG.error("retention verify after apply: {}", v.text().strip());
            }
            RetentionReport report = report(config.reportPeriod());
            storeReport(report);
            LOG.info("retention report {}: {}; metrics: last success {}, {} documents and {} indices deleted since start, {} violations found",
                    report.reportId(), report.compliant() ? "compliant" : "VIOLATION", lastSuccess.get(), (long) docsDeleted.count(),
                    (long) indicesDeleted.count(), violations.get());
            lastRun = new RunOutcome(clock.instant(), v.passed(), v.passed() ? null
                    : "verify after apply found documents past their limit that no hold covers");
            return v.passed();
        } catch (RuntimeException e) {
            LOG.error("retention run failed: {}", e.getMessage(), e);
            lastRun = new RunOutcome(clock.instant(), false, e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    /** The outcome of the last scheduled run, if one has ended. */
    public Optional<RunOutcome> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    public RetentionConfig config() {
        return config;
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    /** The policy in force: the fixed one, the policy file, or the built-in defaults. */
    public RetentionPolicy policy() {
        if (fixedPolicy != null) {
            return fixedPolicy;
        }
        return config.policyFile().map(RetentionPolicy::load).orElseGet(RetentionPolicy::defaults);
    }

    /** Checks that Elasticsearch answers (cluster health; {@code GET /} does not work on every distribution). */
    public String health() {
        return es.health().path("status").asText();
    }

    /** The dry run: what apply would do now. Changes nothing in the archive; appends one audit entry. */
    public Plan plan() {
        RetentionPolicy policy = policy();
        Instant now = clock.instant();
        List<LegalHold> active = activeHolds(newRunId(), policy);
        List<IndexState> survey = new Surveyor(es, layout).survey(policy, now, active);
        Plan p = new Plan(now, policy, Surveyor.decide(survey, active), survey, active);
        audit.append(newRunId(), policy.version(), AuditEntry.of("plan").count("indices", p.indicesToDelete())
                .count("documents", p.documentsInDeletedIndices() + p.documentsToTrim()).count("held", p.heldDocuments())
                .count("violations", p.violations()).build());
        return p;
    }

    /** Enforces the policy; idempotent and resumable. Throws if it cannot finish or another run holds the lock. */
    public ApplyResult apply(Progress progress) {
        RetentionPolicy policy = policy();
        String runId = newRunId();
        checkClock(runId, policy, "apply");
        try (RunLock.Lease lease = lock.acquire(runId, "apply")) {
            try {
                List<LegalHold> active = activeHolds(runId, policy);
                violations.set(new Surveyor(es, layout).survey(policy, clock.instant(), active).stream()
                        .mapToLong(IndexState::expiredUnheld).sum());
                ApplyResult r = new Enforcer(es, layout, audit, clock, config.batchSize(), config.pitKeepAlive(), checkpoint)
                        .apply(policy, active, runId, lease, progress);
                audit.append(runId, policy.version(), AuditEntry.of("apply").count("indices", r.indicesDeleted())
                        .count("documents", r.documentsRemoved()).count("copied", r.copiedToHolds())
                        .count("held", r.heldByCase().values().stream().mapToLong(Long::longValue).sum())
                        .count("violations", violations.get())
                        .message(r.passes() + " passes, " + r.elapsed().toMillis() + " ms").build());
                docsDeleted.increment(r.documentsRemoved());
                indicesDeleted.increment(r.indicesDeleted());
                lastSuccess.set(clock.instant().getEpochSecond());
                runsOk.increment();
                return r;
            } catch (RuntimeException e) {
                runsFailed.increment();
                auditFailure(runId, policy, "apply", e);
                throw e;
            }
        }
    }

    /**
     * Proof on demand: surveys every index retention governs now (the same {@link Surveyor} as plan
     * and apply) for documents past their limit plus grace that no active hold covers. Changes no
     * archive data; appends one audit entry and sets the verify metrics.
     */
    public Verification verify() {
        RetentionPolicy policy = policy();
        String runId = newRunId();
        Instant now = clock.instant();
        List<LegalHold> active = activeHolds(runId, policy);
        Verification v = Verification.of(now, policy.version(), new Surveyor(es, layout).survey(policy, now, active));
        verifyViolations.set(v.violations());
        if (v.passed()) {
            verifyLastSuccess.set(now.getEpochSecond());
        }
        audit.append(runId, policy.version(), AuditEntry.of("verify").outcome(v.passed() ? "success" : "violation")
                .count("indices", v.offences().size()).count("violations", v.violations()).build());
        return v;
    }

    /** Walks the whole audit chain and names the first break. Read-only. */
    public ChainVerdict auditVerify() {
        return audit.verify(config.batchSize(), config.pitKeepAlive());
    }

    /** The audit chain's head (null before the first chained entry), for reports. */
    public ChainHead auditChainHead() {
        return audit.head();
    }

    /**
     * Before anything that takes the lock: cutoffs and lease expiry come from the host clock, so a
     * clock far from Elasticsearch's is refused (audited as a failure of {@code action}).
     */
    private void checkClock(String runId, RetentionPolicy policy, String action) {
        try {
            clockCheck.verify();
        } catch (ClockCheck.SkewException e) {
            if (action.equals("apply")) {
                runsFailed.increment();
            }
            auditFailure(runId, policy, action, e);
            throw e;
        }
    }

    /**
     * The active holds. Fails closed when the holds index is missing, unless the audit trail shows
     * that no hold was ever placed (a fresh install, or one that never used holds): then the index
     * is created explicitly, audited, and there are none.
     */
    private List<LegalHold> activeHolds(String runId, RetentionPolicy policy) {
        return allHolds(runId, policy).stream().filter(LegalHold::active).toList();
    }

    private List<LegalHold> allHolds(String runId, RetentionPolicy policy) {
        if (!holds.exists()) {
            long placed = audit.count("hold-add");
            if (placed > 0) {
                throw new HoldStore.MissingIndexException("The legal-hold index " + holds.index() + " does not exist, but the audit trail"
                        + " records " + placed + " hold-add entries: refusing to act as if there were no holds. Restore the index"
                        + " (for example from a snapshot) before running retention.");
            }
            holds.create();
            audit.append(runId, policy.version(), AuditEntry.of("holds-index-create").index(holds.index())
                    .message("no holds index and no hold ever placed: created it empty").build());
            LOG.info("created the empty legal-hold index {} (no hold was ever placed)", holds.index());
        }
        return holds.list();
    }

    private void auditFailure(String runId, RetentionPolicy policy, String action, RuntimeException e) {
        try {
            audit.append(runId, policy.version(), AuditEntry.of(action).outcome("failure").message(String.valueOf(e.getMessage())).build());
        } catch (RuntimeException second) {
            e.addSuppressed(second);
        }
    }

    /** A compliance report over the last {@code period} (deletions from the audit index). Not stored: see {@link #storeReport}. */
    public RetentionReport report(Duration period) {
        RetentionPolicy policy = policy();
        return new Reporter(es, layout, clock).report(policy, activeHolds(newRunId(), policy), period, config.operator());
    }

    /** Keeps the report in Elasticsearch for Kibana. */
    public void storeReport(RetentionReport r) {
        new ReportStore(es, config.indexPrefix()).store(r);
    }

    /** Places a legal hold (waits up to {@code retention.lock-wait} for a running apply), audited. */
    public LegalHold addHold(String caseId, String reason, HoldSelection selection) {
        LegalHold h = new LegalHold(caseId, reason, selection, clock.instant(), config.operator(), null, null);
        RetentionPolicy policy = policy();
        String runId = newRunId();
        checkClock(runId, policy, "hold-add");
        RunLock.Lease lease = lock.acquire(runId, "hold add " + caseId, config.lockWait());
        try {
            // Never recreate a deleted holds index by placing a new hold: the old holds would vanish silently.
            allHolds(runId, policy);
            holds.add(h);
            audit.append(runId, policy.version(), AuditEntry.of("hold-add").caseId(caseId)
                    .message(reason + " | " + selection.describe()).build());
        } finally {
            lease.close();
        }
        return h;
    }

    /** Releases the case's hold; the next apply may delete what it kept. Audited. */
    public LegalHold releaseHold(String caseId, String why) {
        RetentionPolicy policy = policy();
        String runId = newRunId();
        checkClock(runId, policy, "hold-release");
        RunLock.Lease lease = lock.acquire(runId, "hold release " + caseId, config.lockWait());
        try {
            Optional<LegalHold> released = holds.release(caseId, clock.instant(), config.operator());
            if (released.isEmpty()) {
                throw new IllegalArgumentException("There is no active legal hold for case " + caseId + ".");
            }
            audit.append(runId, policy.version(), AuditEntry.of("hold-release").caseId(caseId)
                    .message(why == null ? null : why).build());
            return released.get();
        } finally {
            lease.close();
        }
    }

    /** Every hold, active and released. */
    public List<LegalHold> holds() {
        RetentionPolicy policy = policy();
        return allHolds(newRunId(), policy);
    }

    /**
     * Erases a person's events (by {@code user.id}) everywhere in the archive except what a legal
     * hold covers; audited with a salted hash of the id, never the id.
     */
    public EraseResult erase(String userId, Progress progress) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("--user-id must not be empty.");
        }
        SubjectHash hash = new SubjectHash(config.erasureSalt().orElseThrow(() -> new ConfigException(
                "retention.erasure-salt is required for erasure: the audit trail records a salted hash of the user id, never the id.")));
        RetentionPolicy policy = policy();
        String runId = newRunId();
        String subject = hash.of(userId);
        checkClock(runId, policy, "erase");
        RunLock.Lease lease = lock.acquire(runId, "erase", config.lockWait());
        try {
            try {
                EraseResult r = new Eraser(es, layout, config.batchSize(), config.pitKeepAlive())
                        .erase(userId, subject, activeHolds(runId, policy), lease, progress);
                audit.append(runId, policy.version(), AuditEntry.of("erase").subjectHash(subject).count("documents", r.deleted())
                        .count("erased", r.deleted()).count("held", r.held()).byClass(r.deletedByClass())
                        .message(r.heldByCase().isEmpty() ? null : "kept by legal holds: " + r.heldByCase()).build());
                docsDeleted.increment(r.deleted());
                return r;
            } catch (RuntimeException e) {
                auditFailure(runId, policy, "erase", e);
                throw e;
            }
        } finally {
            lease.close();
        }
    }

    private String newRunId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        es.close();
    }
}
