package io.authstream.schemas.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.event.Auth0Event;
import io.authstream.schemas.event.EnvelopeParser;
import io.authstream.schemas.event.EnvelopeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second on one thread for the envelope fast path ({@link EnvelopeParser#validate}),
 * the full typed parse ({@link Auth0Event#parse(byte[])}), and two reference peers measured in the
 * same run: plain Jackson {@code readTree} (what any consumer pays to look at an event) and a bare
 * Jackson token walk (the floor for any streaming validator). The input cycles through the 16
 * realistic events of {@code events/realistic.ndjson} (500-1,250 bytes, 16 different codes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class EnvelopeBench {
    private final EnvelopeParser parser = new EnvelopeParser();
    private final ObjectMapper plainMapper = new ObjectMapper();
    private final JsonFactory plainFactory = new JsonFactory();
    private byte[][] events;
    private int next;

    @Setup
    public void load() throws IOException {
        List<byte[]> list = new ArrayList<>();
        try (InputStream in = EnvelopeBench.class.getResourceAsStream("/events/realistic.ndjson");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    list.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (Integer.bitCount(list.size()) != 1) {
            throw new IllegalStateException("need a power-of-two number of events, got " + list.size());
        }
        events = list.toArray(new byte[0][]);
        for (byte[] e : events) {
            if (!parser.validate(e).isValid()) {
                throw new IllegalStateException("benchmark input is invalid: " + new String(e, StandardCharsets.UTF_8));
            }
        }
    }

    private byte[] nextEvent() {
        byte[] e = events[next];
        next = (next + 1) & (events.length - 1);
        return e;
    }

    @Benchmark
    public EnvelopeResult fastPathValidate() {
        return parser.validate(nextEvent());
    }

    @Benchmark
    public Auth0Event fullParse() {
        return Auth0Event.parse(nextEvent());
    }

    @Benchmark
    public JsonNode peerJacksonReadTree() throws IOException {
        return plainMapper.readTree(nextEvent());
    }

    @Benchmark
    public int peerJacksonTokenWalk() throws IOException {
        int n = 0;
        try (JsonParser p = plainFactory.createParser(nextEvent())) {
            while (p.nextToken() != null) {
                n++;
            }
        }
        return n;
    }

    /** Only the field scan of {@link EnvelopeParser#read}, without the encoding check and limits overhead of validate. */
    @Benchmark
    public EnvelopeResult fastPathReadOnly() throws IOException {
        try (JsonParser p = parser.factory().createParser(nextEvent())) {
            p.nextToken();
            return parser.read(p);
        }
    }

    /** Only the UTF-8/NUL check of validate (rule 2), over the whole event. */
    @Benchmark
    public String encodingCheckOnly() {
        byte[] e = nextEvent();
        return EnvelopeParser.encodingProblem(e, 0, e.length);
    }

    /** The token walk with the same factory settings as the fast path (duplicate detection, limits). */
    @Benchmark
    public int peerStrictTokenWalk() throws IOException {
        int n = 0;
        try (JsonParser p = parser.factory().createParser(nextEvent())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                n++;
            }
        }
        return n;
    }
}
