package io.authstream.analyzer.notify;

/** A durable key → value log, latest value per key (a compacted Kafka topic in production). */
interface StateLog extends AutoCloseable {
    /** Stores {@code value} ({@code null} deletes the key) and returns once it is durable; throws if it is not. */
    void write(String key, byte[] value);

    /** Hands every entry written since the last call (all of them on the first) to {@code sink}: key, value or null, write time. */
    void catchUp(Entry sink);

    @Override
    void close();

    /** One stored entry. */
    interface Entry {
        void accept(String key, byte[] value, long atMillis);
    }

    /** An in-memory log, for tests and for a notifier without durable state. */
    final class Memory implements StateLog {
        private final java.util.List<Object[]> entries = new java.util.ArrayList<>();
        private int read;

        @Override
        public synchronized void write(String key, byte[] value) {
            entries.add(new Object[] {key, value, System.currentTimeMillis()});
        }

        @Override
        public synchronized void catchUp(Entry sink) {
            for (; read < entries.size(); read++) {
                Object[] e = entries.get(read);
                sink.accept((String) e[0], (byte[]) e[1], (Long) e[2]);
            }
        }

        /** Forgets the read position, as a new process would. */
        synchronized void rewind() {
            read = 0;
        }

        synchronized int size() {
            return entries.size();
        }

        @Override
        public void close() {
        }
    }
}
