package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.EsException;
import io.authstream.retention.es.Q;
import io.authstream.schemas.config.HostName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A lease in Elasticsearch ({@code <prefix>retention-lock}, document {@code enforcement}) that
 * keeps two retention runs from overlapping, across processes and hosts. Taken with
 * {@code op_type=create}; a lease past its expiry (its holder crashed) is taken over with optimistic
 * concurrency ({@code if_seq_no}/{@code if_primary_term}), so only one contender wins. The holder
 * renews it while working; if a renewal finds the lease taken, the run must stop.
 *
 * <p>Trap: expiry is judged by the contender's clock; keep clocks in sync (NTP) and the TTL well
 * above the clock skew and the longest pause between renewals.
 */
public final class RunLock {
    private static final String DOC = "enforcement";
    private static final String MAPPING = """
            {"settings":{"number_of_shards":1,"number_of_replicas":0,"auto_expand_replicas":"0-1"},
             "mappings":{"dynamic":false,"properties":{"owner":{"type":"keyword"},"expires_at":{"type":"date"}}}}
            """;
    private final Es es;
    private final String index;
    private final Clock clock;
    private final Duration ttl;
    private final String operator;

    public RunLock(Es es, String prefix, Clock clock, Duration ttl, String operator) {
        this.operator = operator;
        this.es = es;
        this.index = prefix + "retention-lock";
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Another run holds the lease. */
    public static final class LockHeldException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LockHeldException(String message) {
            super(message);
        }
    }

    /** A held lease; {@link #renew()} while working, {@link #close()} releases it. */
    public final class Lease implements AutoCloseable {
        private final String owner;
        private long seqNo;
        private long primaryTerm;
        private Instant expiresAt;
        private boolean released;

        private Lease(String owner, JsonNode written, Instant expiresAt) {
            this.owner = owner;
            this.seqNo = written.path("_seq_no").asLong();
            this.primaryTerm = written.path("_primary_term").asLong();
            this.expiresAt = expiresAt;
        }

        public String owner() {
            return owner;
        }

        public Instant expiresAt() {
            return expiresAt;
        }

        /** Extends the lease if half of it is used up; throws if another run has taken it over. */
        public void renewIfDue() {
            if (Duration.between(clock.instant(), expiresAt).compareTo(ttl.dividedBy(2)) < 0) {
                renew();
            }
        }

        public void renew() {
            Instant exp = clock.instant().plus(ttl);
            try {
                JsonNode r = es.call("PUT", "/" + index + "/_doc/" + DOC,
                        Map.of("if_seq_no", String.valueOf(seqNo), "if_primary_term", String.valueOf(primaryTerm), "refresh", "true"),
                        doc(owner, exp, "renewed"));
                seqNo = r.path("_seq_no").asLong();
                primaryTerm = r.path("_primary_term").asLong();
                expiresAt = exp;
            } catch (EsException e) {
                if (e.is("version_conflict_engine_exception") || e.status() == 404) {
                    throw new LockHeldException("The retention lock of run " + owner + " expired and was taken over by another run; stopping.");
                }
                throw e;
            }
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                es.call("DELETE", "/" + index + "/_doc/" + DOC,
                        Map.of("if_seq_no", String.valueOf(seqNo), "if_primary_term", String.valueOf(primaryTerm), "refresh", "true"), null);
            } catch (EsException e) {
                // Already taken over or gone: nothing of ours to release.
            }
        }
    }

    /** Takes the lease for {@code owner}, or throws {@link LockHeldException} naming the holder and its expiry. */
    public Lease acquire(String owner, String what) {
        es.createIndexIfAbsent(index, MAPPING);
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        try {
            JsonNode r = es.call("PUT", "/" + index + "/_create/" + DOC, Map.of("refresh", "true"), doc(owner, exp, what));
            return new Lease(owner, r, exp);
        } catch (EsException e) {
            if (!e.is("version_conflict_engine_exception")) {
                throw e;
            }
        }
        JsonNode cur;
        try {
            cur = es.call("GET", "/" + index + "/_doc/" + DOC, null);
        } catch (EsException e) {
            if (e.status() == 404) {
                // Released between our create and our read: try once more.
                return acquireFresh(owner, what);
            }
            throw e;
        }
        JsonNode src = cur.path("_source");
        Instant curExp = Instant.parse(src.path("expires_at").asText());
        if (curExp.isAfter(now)) {
            throw new LockHeldException("Another retention run holds the lock: " + src.path("what").asText() + " by "
                    + src.path("operator").asText() + "@" + src.path("host").asText() + " (run " + src.path("owner").asText()
                    + "), until " + curExp + ". If that run crashed, the lock expires then.");
        }
        try {
            JsonNode r = es.call("PUT", "/" + index + "/_doc/" + DOC,
                    Map.of("if_seq_no", cur.path("_seq_no").asText(), "if_primary_term", cur.path("_primary_term").asText(),
                            "refresh", "true"),
                    doc(owner, exp, what));
            return new Lease(owner, r, exp);
        } catch (EsException e) {
            if (e.is("version_conflict_engine_exception")) {
                throw new LockHeldException("Another retention run took over the expired lock at the same moment; try again.");
            }
            throw e;
        }
    }

    private Lease acquireFresh(String owner, String what) {
        Instant exp = clock.instant().plus(ttl);
        try {
            return new Lease(owner, es.call("PUT", "/" + index + "/_create/" + DOC, Map.of("refresh", "true"), doc(owner, exp, what)), exp);
        } catch (EsException e) {
            if (e.is("version_conflict_engine_exception")) {
                throw new LockHeldException("Another retention run took the lock at the same moment; try again.");
            }
            throw e;
        }
    }

    /**
     * Acquires, retrying until {@code wait} has passed (measured on the wall clock: this waits for a
     * real other process).
     */
    public Lease acquire(String owner, String what, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return acquire(owner, what);
            } catch (LockHeldException e) {
                if (System.nanoTime() >= deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private ObjectNode doc(String owner, Instant exp, String what) {
        ObjectNode n = Q.obj();
        n.put("owner", owner);
        n.put("what", what);
        n.put("operator", operator);
        n.put("host", HostName.name());
        n.put("pid", ProcessHandle.current().pid());
        n.put("acquired_at", clock.instant().toString());
        n.put("expires_at", exp.toString());
        return n;
    }
}
