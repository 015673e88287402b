package io.authstream.retention.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of tampering is found at the right sequence number; an untouched chain passes and names its head. */
class ChainVerifierTest {

    private static ObjectNode entry(String action, int n) {
        ObjectNode e = Q.obj();
        e.put("@timestamp", "2026-11-27T12:00:0" + (n % 10) + "Z");
        e.put("action", action);
        e.put("outcome", "success");
        e.putObject("counts").put("documents", n * 10);
        return e;
    }

    /** What AuditChain writes: the anchor sealing {@code prefix}, then {@code n} entries. */
    private static List<ObjectNode> chain(List<ObjectNode> prefix, int n) {
        List<ObjectNode> out = new ArrayList<>(prefix);
        ObjectNode anchor = Q.obj();
        anchor.put("action", ChainVerifier.ANCHOR);
        anchor.putObject("counts").put("unchained", prefix.size());
        anchor.put("unchained_digest", ChainHash.prefixDigest(prefix.stream().map(ChainHash::of).toList()));
        String prev = link(anchor, 1, ChainHash.GENESIS);
        out.add(anchor);
        for (int i = 2; i <= n + 1; i++) {
            ObjectNode e = entry("trim", i);
            prev = link(e, i, prev);
            out.add(e);
        }
        return out;
    }

    private static String link(ObjectNode e, long seq, String prev) {
        e.put("seq", seq);
        e.put("prev_hash", prev);
        e.put("hash", ChainHash.of(e));
        return e.get("hash").asText();
    }

    private static ChainHead headOf(List<ObjectNode> entries) {
        ObjectNode last = entries.get(entries.size() - 1);
        return new ChainHead(last.get("seq").asLong(), last.get("hash").asText());
    }

    private static ChainVerdict verify(List<ObjectNode> entries, ChainHead head) {
        ChainVerifier v = new ChainVerifier();
        for (int i = 0; i < entries.size(); i++) {
            v.feed("doc-" + i, entries.get(i));
        }
        return v.finish(head);
    }

    @Test
    void anUntouchedChainIsIntactAndNamesItsHead() {
        List<ObjectNode> c = chain(List.of(), 5);
        ChainVerdict v = verify(c, headOf(c));
        assertThat(v.intact()).as(v.describe()).isTrue();
        assertThat(v.chained()).isEqualTo(6);
        assertThat(v.head().seq()).isEqualTo(6);
        assertThat(v.describe()).contains("intact").contains("head sequence 6, sha256:");
    }

    @Test
    void anEditedEntryIsNamedBySequence() {
        List<ObjectNode> c = chain(List.of(), 5);
        ((ObjectNode) c.get(3).get("counts")).put("documents", 1);
        ChainVerdict v = verify(c, headOf(c));
        assertThat(v.intact()).isFalse();
        assertThat(v.breakSeq()).isEqualTo(4);
        assertThat(v.problem()).contains("entry 4").contains("edited");
    }

    @Test
    void aDeletedEntryIsNamedBySequence() {
        List<ObjectNode> c = chain(List.of(), 5);
        ChainHead head = headOf(c);
        c.remove(2);
        ChainVerdict v = verify(c, head);
        assertThat(v.breakSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("entry 3 is missing").contains("deleted");
    }

    @Test
    void aDeletedLastEntryIsCaughtByTheChainHead() {
        List<ObjectNode> c = chain(List.of(), 5);
        ChainHead head = headOf(c);
        c.remove(c.size() - 1);
        ChainVerdict v = verify(c, head);
        assertThat(v.breakSeq()).isEqualTo(6);
        assertThat(v.problem()).contains("entry 6 is missing at the end");
    }

    @Test
    void anInsertedEntryWithATakenSequenceNumberIsNamed() {
        List<ObjectNode> c = chain(List.of(), 5);
        ObjectNode forged = entry("trim", 99);
        link(forged, 3, c.get(1).get("hash").asText());
        c.add(3, forged);
        ChainVerdict v = verify(c, headOf(c));
        assertThat(v.breakSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("entry 3 appears again").contains("inserted");
    }

    @Test
    void anEntryAppendedBehindTheRecordedHeadIsNamed() {
        List<ObjectNode> c = chain(List.of(), 5);
        ChainHead head = headOf(c);
        ObjectNode forged = entry("trim", 7);
        link(forged, 7, head.hash());
        c.add(forged);
        ChainVerdict v = verify(c, head);
        assertThat(v.breakSeq()).isEqualTo(7);
        assertThat(v.problem()).contains("after 6, the recorded chain head").contains("inserted");
    }

    @Test
    void reorderingByRenumberingIsCaughtAtTheFirstMovedEntry() {
        List<ObjectNode> c = chain(List.of(), 5);
        c.get(2).put("seq", 4);
        c.get(3).put("seq", 3);
        c.sort(Comparator.comparingLong(e -> e.get("seq").asLong()));
        ChainVerdict v = verify(c, headOf(chain(List.of(), 5)));
        assertThat(v.breakSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("entry 3").contains("edited");
    }

    @Test
    void reorderingThatRehashesTheMovedEntriesBreaksTheLinkAfterThem() {
        List<ObjectNode> c = chain(List.of(), 5);
        ChainHead head = headOf(c);
        ObjectNode second = c.get(2);
        ObjectNode third = c.get(3);
        String h = link(third, 3, c.get(1).get("hash").asText());
        link(second, 4, h);
        c.set(2, third);
        c.set(3, second);
        ChainVerdict v = verify(c, head);
        assertThat(v.breakSeq()).isEqualTo(5);
        assertThat(v.problem()).contains("entry 5 does not link to entry 4");
    }

    @Test
    void theUnchainedPrefixIsReportedAndSealedByTheAnchor() {
        List<ObjectNode> prefix = List.of(entry("apply", 1), entry("plan", 2));
        List<ObjectNode> c = chain(prefix, 2);
        ChainVerdict ok = verify(c, headOf(c));
        assertThat(ok.intact()).isTrue();
        assertThat(ok.unchained()).isEqualTo(2);
        assertThat(ok.describe()).contains("2 entries written before chaining began");

        ((ObjectNode) c.get(0).get("counts")).put("documents", 0);
        ChainVerdict edited = verify(c, headOf(c));
        assertThat(edited.breakSeq()).isEqualTo(1);
        assertThat(edited.problem()).contains("the unchained prefix changed").contains("sealed 2 entries");

        List<ObjectNode> shorter = chain(prefix, 2);
        shorter.remove(0);
        assertThat(verify(shorter, headOf(shorter)).problem()).contains("sealed 2 entries").contains("found 1");
    }

    @Test
    void noChainYetIsNotABreakButAMissingHeadIs() {
        List<ObjectNode> prefix = List.of(entry("apply", 1));
        ChainVerdict none = verify(new ArrayList<>(prefix), null);
        assertThat(none.intact()).isTrue();
        assertThat(none.describe()).contains("not started yet");

        List<ObjectNode> c = chain(prefix, 2);
        ChainVerdict headless = verify(c, null);
        assertThat(headless.intact()).isFalse();
        assertThat(headless.problem()).contains("chain-head document is missing");
    }

    @Test
    void theHashIgnoresKeyOrderAndCoversTheSequenceAndPreviousHash() {
        ObjectNode a = Q.obj().put("b", 1).put("a", "x");
        ObjectNode b = Q.obj().put("a", "x").put("b", 1L);
        assertThat(ChainHash.of(a)).isEqualTo(ChainHash.of(b)).startsWith("sha256:").hasSize(71);
        assertThat(ChainHash.of(a.deepCopy().put("seq", 2))).isNotEqualTo(ChainHash.of(a.deepCopy().put("seq", 3)));
        assertThat(ChainHash.of(a.deepCopy().put("prev_hash", "p"))).isNotEqualTo(ChainHash.of(a));
        assertThat(ChainHash.of(a.deepCopy().put("hash", "anything"))).isEqualTo(ChainHash.of(a));
    }
}
