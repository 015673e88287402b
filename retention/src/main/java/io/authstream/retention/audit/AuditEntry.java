package io.authstream.retention.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;
import io.authstream.schemas.catalogue.RetentionClass;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the audit trail. {@code counts} holds numbers such as {@code documents},
 * {@code indices}, {@code held}, {@code copied}; {@code byClass} breaks a count down by retention
 * class where one action spans classes (erasure). Never put a personal identifier in any field:
 * erasure records only a {@link SubjectHash}.
 */
public record AuditEntry(String action, String outcome, String index, RetentionClass retentionClass, String caseId,
                         String subjectHash, Map<String, Long> counts, Map<RetentionClass, Long> byClass, String message) {

    public AuditEntry {
        counts = Map.copyOf(counts);
        byClass = Map.copyOf(byClass);
    }

    public static Builder of(String action) {
        return new Builder(action);
    }

    /** Builds an entry; outcome defaults to {@code success}. */
    public static final class Builder {
        private final String action;
        private String outcome = "success";
        private String index;
        private RetentionClass retentionClass;
        private String caseId;
        private String subjectHash;
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final Map<RetentionClass, Long> byClass = new LinkedHashMap<>();
        private String message;

        private Builder(String action) {
            this.action = action;
        }

        public Builder outcome(String o) {
            this.outcome = o;
            return this;
        }

        public Builder index(String i) {
            this.index = i;
            return this;
        }

        public Builder retentionClass(RetentionClass c) {
            this.retentionClass = c;
            return this;
        }

        public Builder caseId(String c) {
            this.caseId = c;
            return this;
        }

        public Builder subjectHash(String h) {
            this.subjectHash = h;
            return this;
        }

        public Builder count(String name, long n) {
            counts.put(name, n);
            return this;
        }

        public Builder byClass(Map<RetentionClass, Long> m) {
            byClass.putAll(m);
            return this;
        }

        public Builder message(String m) {
            this.message = m;
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(action, outcome, index, retentionClass, caseId, subjectHash, counts, byClass, message);
        }
    }

    ObjectNode fields() {
        ObjectNode n = Q.obj();
        n.put("action", action);
        n.put("outcome", outcome);
        if (index != null) {
            n.put("index", index);
        }
        if (retentionClass != null) {
            n.put("retention_class", retentionClass.id());
        }
        if (caseId != null) {
            n.put("case", caseId);
        }
        if (subjectHash != null) {
            n.put("subject_hash", subjectHash);
        }
        ObjectNode c = n.putObject("counts");
        counts.forEach(c::put);
        if (!byClass.isEmpty()) {
            ObjectNode b = n.putObject("by_class");
            byClass.forEach((k, v) -> b.put(k.id(), v));
        }
        if (message != null) {
            n.put("message", message);
        }
        return n;
    }
}
