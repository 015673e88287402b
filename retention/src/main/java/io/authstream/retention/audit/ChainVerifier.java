package io.authstream.retention.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks audit entries fed in sequence order (entries without {@code seq}, the unchained prefix,
 * first) and names the first break: a missing sequence number (deleted), a repeated or
 * out-of-order one (inserted or copied), an entry whose content no longer matches its hash
 * (edited), one whose {@code prev_hash} is not its predecessor's hash (replaced), an unchained
 * prefix that differs from what the anchor sealed, or a chain that ends before or after the
 * chain-head document. Pure: no I/O, so every kind of tampering is unit-tested.
 */
public final class ChainVerifier {
    /** The action of entry 1, which seals the entries written before chaining began. */
    public static final String ANCHOR = "audit-chain-start";
    private final List<String> prefixHashes = new ArrayList<>();
    private long expected = 1;
    private String prevHash = ChainHash.GENESIS;
    private long chained;
    private Long breakSeq;
    private String problem;

    /** Feeds the next entry in walk order; {@code id} is its document id (for messages). */
    public void feed(String id, JsonNode src) {
        if (problem != null) {
            return;
        }
        if (!src.hasNonNull("seq")) {
            if (chained > 0) {
                fail(expected, "an entry without a sequence number (" + id + ", " + src.path("action").asText() + " at "
                        + src.path("@timestamp").asText() + ") appears after the chain began: inserted");
            } else {
                prefixHashes.add(ChainHash.of(src));
            }
            return;
        }
        long seq = src.path("seq").asLong();
        if (seq < expected) {
            fail(seq, "entry " + seq + " appears again, or out of order, after entry " + (expected - 1) + " (document " + id
                    + "): inserted or copied");
            return;
        }
        if (seq > expected) {
            fail(expected, (seq == expected + 1 ? "entry " + expected + " is" : "entries " + expected + " to " + (seq - 1) + " are")
                    + " missing (the next entry present is " + seq + "): deleted");
            return;
        }
        String stored = src.path("hash").asText();
        if (!ChainHash.of(src).equals(stored)) {
            fail(seq, "entry " + seq + " (document " + id + ", " + src.path("action").asText() + ") does not match its hash: edited");
            return;
        }
        if (!src.path("prev_hash").asText().equals(prevHash)) {
            fail(seq, "entry " + seq + " does not link to entry " + (seq - 1) + " (its prev_hash is " + src.path("prev_hash").asText()
                    + ", entry " + (seq - 1) + "'s hash is " + prevHash + "): replaced, or an entry before it was");
            return;
        }
        boolean anchor = ANCHOR.equals(src.path("action").asText());
        if (seq == 1 && !anchor) {
            fail(1, "entry 1 is not the chain anchor (" + ANCHOR + ")");
            return;
        }
        if (seq > 1 && anchor) {
            fail(seq, "entry " + seq + " is a second chain anchor: inserted");
            return;
        }
        if (seq == 1) {
            long sealed = src.path("counts").path("unchained").asLong();
            String digest = ChainHash.prefixDigest(prefixHashes);
            if (sealed != prefixHashes.size() || !digest.equals(src.path("unchained_digest").asText())) {
                fail(1, "the unchained prefix changed: the anchor sealed " + sealed + " entries (" + src.path("unchained_digest").asText()
                        + "), found " + prefixHashes.size() + " (" + digest + "): an entry written before chaining was edited, "
                        + "deleted or inserted");
                return;
            }
        }
        prevHash = stored;
        expected++;
        chained++;
    }

    /** The verdict, given the chain-head document ({@code null} if there is none). */
    public ChainVerdict finish(ChainHead head) {
        if (problem == null) {
            long last = expected - 1;
            if (head == null && chained > 0) {
                fail(last, "the chain-head document is missing, but " + chained + " chained entries exist: deleted");
            } else if (head != null && head.seq() > last) {
                fail(last + 1, (head.seq() == last + 1 ? "entry " + head.seq() + " is" : "entries " + (last + 1) + " to " + head.seq() + " are")
                        + " missing at the end of the chain (the chain head records " + head.seq() + "): deleted, or an append was"
                        + " interrupted (the next append writes it back from the chain head)");
            } else if (head != null && head.seq() < last) {
                fail(head.seq() + 1, "entries after " + head.seq() + ", the recorded chain head, exist: inserted");
            } else if (head != null && !head.hash().equals(prevHash)) {
                fail(last, "entry " + last + " is not the recorded chain head (" + head.hash() + "): replaced");
            }
        }
        return new ChainVerdict(prefixHashes.size(), chained, head, breakSeq, problem);
    }

    private void fail(long seq, String what) {
        breakSeq = seq;
        problem = what;
    }
}
