package io.authstream.retention.enforce;

import io.authstream.retention.audit.AuditEntry;
import io.authstream.retention.audit.AuditLog;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.Q;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write blocks ({@code index.blocks.write}) apply sets on an index while it recounts it before
 * deleting it by name. Retention is the only writer of that setting on event and hold indices, so
 * a block found on at the start of a run was left by a run that was killed between blocking and
 * deleting; it is lifted, because a block left on makes every archive write to the index fail.
 */
final class WriteBlocks {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBlocks.class);
    private final Es es;
    private final AuditLog audit;

    WriteBlocks(Es es, AuditLog audit) {
        this.es = es;
        this.audit = audit;
    }

    void set(String names, boolean on) {
        es.call("PUT", "/" + names + "/_settings", Map.of("ignore_unavailable", "true"), Q.obj().put("index.blocks.write", on));
    }

    /** Lifts the blocks on {@code names}, best effort: a failure here must not hide {@code cause}, the one that made us lift them. */
    void liftQuietly(String names, RuntimeException cause) {
        try {
            set(names, false);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The indices among {@code names} (names or patterns) that are write-blocked now. */
    List<String> blocked(String names) {
        List<String> out = new ArrayList<>();
        es.call("GET", "/" + names + "/_settings/index.blocks.write",
                        Map.of("flat_settings", "true", "ignore_unavailable", "true", "allow_no_indices", "true"), null)
                .properties().forEach(e -> {
                    if (e.getValue().path("settings").path("index.blocks.write").asText("false").equals("true")) {
                        out.add(e.getKey());
                    }
                });
        return out;
    }

    /** Lifts every block left on the governed indices, one {@code unblock} audit entry per index. */
    void liftLeftovers(Surveyor surveyor, String policyVersion, String runId) {
        List<String> left = blocked(surveyor.targets()).stream().filter(surveyor::governs).toList();
        if (left.isEmpty()) {
            return;
        }
        LOG.warn("lifting write blocks left by an interrupted run on {}", left);
        set(String.join(",", left), false);
        for (String index : left) {
            audit.append(runId, policyVersion, AuditEntry.of("unblock").index(index)
                    .message("write block left by an interrupted run lifted").build());
        }
    }
}
