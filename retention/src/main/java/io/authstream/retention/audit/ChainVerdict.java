package io.authstream.retention.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;

/**
 * The outcome of walking the audit chain.
 *
 * @param unchained entries written before chaining began (the unchained prefix the anchor sealed)
 * @param chained   chained entries read up to the first break (all of them if intact)
 * @param head      the chain-head document (null: no chain yet)
 * @param breakSeq  the sequence number where the chain first breaks (null if intact)
 * @param problem   what is wrong there, as a sentence (null if intact)
 */
public record ChainVerdict(long unchained, long chained, ChainHead head, Long breakSeq, String problem) {
    public boolean intact() {
        return problem == null;
    }

    public String describe() {
        String prefix = unchained == 0 ? "" : " " + unchained + " entries written before chaining began form the unchained prefix"
                + " (sealed by the anchor, entry 1).";
        if (!intact()) {
            return "Audit chain BROKEN at sequence " + breakSeq + ": " + problem + prefix;
        }
        if (head == null) {
            return "Audit chain not started yet (no entry written since chaining was introduced)." + prefix;
        }
        return "Audit chain intact: " + chained + " entries; head " + head + "." + prefix;
    }

    public ObjectNode toJson() {
        ObjectNode n = Q.obj();
        n.put("intact", intact());
        n.put("unchained_prefix", unchained);
        n.put("chained", chained);
        if (head != null) {
            n.putObject("head").put("seq", head.seq()).put("hash", head.hash());
        }
        if (!intact()) {
            n.putObject("break").put("seq", breakSeq).put("problem", problem);
        }
        return n;
    }
}
