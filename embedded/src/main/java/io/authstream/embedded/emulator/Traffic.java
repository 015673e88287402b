package io.authstream.embedded.emulator;

import java.util.List;
import java.util.Map;

/**
 * Generated events in delivery order, with the facts a test or demo needs to know about them
 * (for example {@code attacker.ip}, {@code storm.client_id}).
 */
public record Traffic(List<byte[]> events, Map<String, String> facts) {
    public Traffic {
        events = List.copyOf(events);
        facts = Map.copyOf(facts);
    }

    public int size() {
        return events.size();
    }
}
