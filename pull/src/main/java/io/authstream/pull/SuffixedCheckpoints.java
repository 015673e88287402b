package io.authstream.pull;

import java.util.Optional;

/** Another checkpoint key space on the same store: {@code <tenant><suffix>}. */
final class SuffixedCheckpoints implements CheckpointStore {
    private final CheckpointStore store;
    private final String suffix;

    SuffixedCheckpoints(CheckpointStore store, String suffix) {
        this.store = store;
        this.suffix = suffix;
    }

    @Override
    public Optional<String> read(String tenant) {
        return store.read(tenant + suffix);
    }

    @Override
    public void write(String tenant, String logId) {
        store.write(tenant + suffix, logId);
    }

    @Override
    public void close() {
        store.close();
    }
}
