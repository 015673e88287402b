package io.authstream.embedded.emulator;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * A labelled scenario for measuring recall: events in time order, the attacks in them with the
 * alert each must raise, and which events are benign (everything no label claims).
 *
 * @param times event time of each event (epoch ms), parallel to {@code events}
 * @param facts what a reader of a report needs (launch surge, span, counts)
 */
public record RecallScenario(List<byte[]> events, long[] times, List<RecallLabel> labels, Map<String, String> facts) {
    public RecallScenario {
        events = List.copyOf(events);
        times = times.clone();
        labels = List.copyOf(labels);
        facts = Map.copyOf(facts);
    }

    /** The events no label claims. */
    public BitSet benign() {
        BitSet b = new BitSet(events.size());
        b.set(0, events.size());
        labels.forEach(l -> {
            for (int i : l.events()) {
                b.clear(i);
            }
        });
        return b;
    }

    public int size() {
        return events.size();
    }
}
