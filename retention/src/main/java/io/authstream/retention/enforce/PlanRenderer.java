package io.authstream.retention.enforce;

import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.record.RetentionPolicy;
import java.util.Locale;

/** The plan as a table for a terminal. */
public final class PlanRenderer {
    private PlanRenderer() {
    }

    public static String table(Plan p) {
        StringBuilder b = new StringBuilder();
        b.append("Retention plan as of ").append(p.asOf()).append(" (policy ").append(p.policy().version()).append(")\n");
        for (RetentionClass c : RetentionClass.values()) {
            b.append(String.format(Locale.ROOT, "  %-9s limit %-6s grace %-4s -> delete events before %s%n", c.id(),
                    RetentionPolicy.format(p.policy().maxAge().get(c)), RetentionPolicy.format(p.policy().grace()),
                    p.policy().cutoff(c, null, p.asOf())));
            for (String t : p.policy().tenantsOverriding(c)) {
                b.append(String.format(Locale.ROOT, "    tenant %-20s limit %-6s -> before %s%n", t,
                        RetentionPolicy.format(p.policy().limit(c, t)), p.policy().cutoff(c, t, p.asOf())));
            }
        }
        b.append('\n');
        if (p.actions().isEmpty()) {
            b.append("Nothing to do: no expired, unheld events in the archive.\n");
        } else {
            int w = Math.max(5, p.actions().stream().mapToInt(a -> a.state().index().length()).max().orElse(5));
            String fmt = "%-" + w + "s  %-22s %-8s %12s %12s %8s%n";
            b.append(String.format(Locale.ROOT, fmt, "INDEX", "ACTION", "CLASS", "DOCUMENTS", "TO DELETE", "HELD"));
            for (IndexAction a : p.actions()) {
                IndexState s = a.state();
                b.append(String.format(Locale.ROOT, fmt, s.index(), a.kind().id(), s.retentionClass() == null ? "mixed" : s.retentionClass().id(),
                        String.format(Locale.ROOT, "%,d", s.documents()), String.format(Locale.ROOT, "%,d", a.documentsRemoved()),
                        String.format(Locale.ROOT, "%,d", s.expiredHeld())));
            }
        }
        b.append(String.format(Locale.ROOT, "%nTotal: %d indices to delete (%,d documents), %,d documents to trim, %,d expired documents held.%n",
                p.indicesToDelete(), p.documentsInDeletedIndices(), p.documentsToTrim(), p.heldDocuments()));
        p.heldByCase().forEach((c, n) -> b.append(String.format(Locale.ROOT, "  hold %s keeps %,d expired documents%n", c, n)));
        b.append("This was a dry run: nothing was changed.\n");
        return b.toString();
    }
}
