package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;
import io.authstream.retention.hold.LegalHold;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The queries retention acts on. An event is <em>expired</em> when its {@code @timestamp} is before
 * the cutoff of its class ({@code authstream.retention_class}, or the class in its index name when
 * the field is missing) and tenant ({@code authstream.tenant}); it is <em>held</em> when any active
 * hold's selection matches it.
 */
public final class Selections {
    private Selections() {
    }

    public static ObjectNode expired(RetentionPolicy policy, IndexLayout layout, Instant now) {
        List<ObjectNode> clauses = new ArrayList<>();
        for (RetentionClass c : RetentionClass.values()) {
            ObjectNode isClass = Q.bool()
                    .should(Q.term("authstream.retention_class", c.id()))
                    .should(Q.bool().mustNot(Q.exists("authstream.retention_class"))
                            .filter(Q.prefix("_index", layout.eventIndexPrefix(c))).build())
                    .build();
            Set<String> overriding = policy.tenantsOverriding(c);
            Q.Bool dflt = Q.bool().filter(isClass).filter(Q.range("@timestamp", null, policy.cutoff(c, null, now)));
            if (!overriding.isEmpty()) {
                dflt.mustNot(Q.terms("authstream.tenant", overriding));
            }
            clauses.add(dflt.build());
            for (String t : overriding) {
                clauses.add(Q.bool().filter(isClass).filter(Q.term("authstream.tenant", t))
                        .filter(Q.range("@timestamp", null, policy.cutoff(c, t, now))).build());
            }
        }
        return Q.bool().shouldAll(clauses).build();
    }

    /** Matches what any of {@code holds} covers; nothing when there are none. */
    public static ObjectNode held(List<LegalHold> holds) {
        if (holds.isEmpty()) {
            return Q.matchNone();
        }
        return Q.bool().shouldAll(holds.stream().map(h -> h.selection().query()).toList()).build();
    }

    /** Expired and not held: what enforcement deletes. */
    public static ObjectNode deletable(RetentionPolicy policy, IndexLayout layout, Instant now, List<LegalHold> holds) {
        return Q.bool().filter(expired(policy, layout, now)).mustNot(held(holds)).build();
    }
}
