package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code retention verify}: the guarantee re-checked now, from a fresh {@link Surveyor} survey and
 * independently of any run: no document past its class limit (plus grace) that no active hold
 * covers, in any index retention governs.
 */
public record Verification(Instant asOf, String policyVersion, int indicesChecked, List<Offence> offences) {
    public Verification {
        offences = List.copyOf(offences);
    }

    /** One index holding expired documents no hold covers. */
    public record Offence(String index, String retentionClass, long documents, Instant oldest) {
    }

    public static Verification of(Instant asOf, String policyVersion, List<IndexState> survey) {
        List<Offence> out = survey.stream().filter(s -> s.expiredUnheld() > 0)
                .map(s -> new Offence(s.index(), s.retentionClass() == null ? "mixed" : s.retentionClass().id(), s.expiredUnheld(),
                        s.oldestExpiredUnheld()))
                .toList();
        return new Verification(asOf, policyVersion, survey.size(), out);
    }

    public boolean passed() {
        return offences.isEmpty();
    }

    public long violations() {
        return offences.stream().mapToLong(Offence::documents).sum();
    }

    public ObjectNode toJson() {
        ObjectNode n = Q.obj();
        n.put("as_of", asOf.toString());
        n.put("policy_version", policyVersion);
        n.put("passed", passed());
        n.put("indices_checked", indicesChecked);
        n.put("violations", violations());
        ArrayNode a = n.putArray("offending_indices");
        for (Offence o : offences) {
            ObjectNode x = a.addObject().put("index", o.index()).put("class", o.retentionClass()).put("documents", o.documents());
            if (o.oldest() != null) {
                x.put("oldest", o.oldest().toString());
            }
        }
        return n;
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        if (passed()) {
            b.append(String.format(Locale.ROOT, "Verified as of %s under policy %s: %d indices checked, no document is older than its"
                    + " limit unless a legal hold covers it.%n", asOf, policyVersion, indicesChecked));
            return b.toString();
        }
        b.append(String.format(Locale.ROOT, "VIOLATION as of %s under policy %s: %,d documents older than their limit that no legal hold"
                + " covers, in %d of %d indices:%n", asOf, policyVersion, violations(), offences.size(), indicesChecked));
        for (Offence o : offences) {
            b.append(String.format(Locale.ROOT, "  %-40s %-9s %,12d  oldest %s%n", o.index(), o.retentionClass(), o.documents(),
                    o.oldest() == null ? "-" : o.oldest()));
        }
        return b.toString();
    }
}
