package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The deliveries waiting for one destination, most severe first, in arrival order within a
 * severity, and strictly in arrival order for one alert id (its firing, updates and resolution are
 * chained, and only the oldest of a chain can be taken). So a flood of low alerts never delays a
 * critical one already waiting, and a resolution never overtakes its firing.
 *
 * <p>Nothing is ever dropped: {@link #hasRoom()} is how the consumer knows to stop reading
 * (back-pressure). Thread-safe.
 */
final class LaneQueue {
    /** One delivery: {@code done} runs once when it is finished (delivered, suppressed or given up). */
    static final class Item {
        final Alert alert;
        final Runnable done;
        final long seq;
        final long readAtMillis;

        Item(Alert alert, Runnable done, long seq, long readAtMillis) {
            this.alert = alert;
            this.done = done;
            this.seq = seq;
            this.readAtMillis = readAtMillis;
        }
    }

    private static final Comparator<Item> ORDER = Comparator.<Item, Integer>comparing(i -> -i.alert.severity().ordinal())
            .thenComparingLong(i -> i.seq);
    private final int capacity;
    private final PriorityQueue<Item> heads = new PriorityQueue<>(ORDER);
    private final Map<String, ArrayDeque<Item>> chains = new HashMap<>();
    private long seq;
    private int size;

    LaneQueue(int capacity) {
        this.capacity = capacity;
    }

    synchronized boolean hasRoom() {
        return size < capacity;
    }

    synchronized int size() {
        return size;
    }

    synchronized void add(Alert a, Runnable done, long readAtMillis) {
        Item item = new Item(a, done, seq++, readAtMillis);
        ArrayDeque<Item> chain = chains.computeIfAbsent(a.id(), k -> new ArrayDeque<>());
        chain.addLast(item);
        if (chain.size() == 1) {
            heads.add(item);
        }
        size++;
        notifyAll();
    }

    /** Takes the most urgent item, waiting for one; it stays counted until {@link #finished} or {@link #putBack}. */
    synchronized Item take() throws InterruptedException {
        while (heads.isEmpty()) {
            wait();
        }
        return heads.poll();
    }

    /** Like {@link #take()}, but gives up after {@code maxMillis} (then null). */
    synchronized Item take(long maxMillis) throws InterruptedException {
        long end = System.nanoTime() + maxMillis * 1_000_000L;
        for (long left = maxMillis; heads.isEmpty(); left = (end - System.nanoTime()) / 1_000_000L) {
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return heads.poll();
    }

    /** A taken item that must be tried again: it competes with newer, more urgent ones again. */
    synchronized void putBack(Item item) {
        heads.add(item);
        notifyAll();
    }

    /** A taken item is finished; the next of its alert id may now be taken. */
    synchronized void finished(Item item) {
        ArrayDeque<Item> chain = chains.get(item.alert.id());
        chain.pollFirst();
        if (chain.isEmpty()) {
            chains.remove(item.alert.id());
        } else {
            heads.add(chain.peekFirst());
        }
        size--;
        notifyAll();
    }
}
