package io.authstream.retention.audit;

/** The last entry of the audit chain: its sequence number and hash, as recorded in the chain-head document. */
public record ChainHead(long seq, String hash) {
    @Override
    public String toString() {
        return "sequence " + seq + ", " + hash;
    }
}
