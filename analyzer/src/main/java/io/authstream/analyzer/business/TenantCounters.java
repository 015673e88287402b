package io.authstream.analyzer.business;

import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.EventCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts business events per tenant and client ({@link BusinessMeasure}), each event of the events
 * topic once per process.
 *
 * <p>Cardinality: at most {@code maxPairs} distinct tenant/client pairs get their own series; the
 * events of further clients are counted under {@code client="other"} of their tenant, and
 * {@code authstream_tenant_clients_overflowed_total} counts them (one warning is logged the first
 * time). Tenants are bounded by configuration (ingest's streams), so they are kept as they are.
 *
 * <p>Reprocessing: Kafka Streams replays what it had processed but not committed when a transaction
 * aborts or a task is revived; the highest offset counted per partition is remembered here (for
 * the life of the process, shared by all stream threads), so a replay in the same process is not
 * counted twice. Across a crash or a task moving to another instance the counters are
 * at-least-once: the other process never saw the first count (and a restart resets counters, which
 * Prometheus' {@code rate()} handles).
 */
public final class TenantCounters {
    /** Client label of events without a {@code client_id}, and tenant label of events without a tenant header. */
    public static final String NONE = "(none)";
    /** Client label of the clients past the cap. */
    public static final String OTHER = "other";
    private static final Logger LOG = LoggerFactory.getLogger(TenantCounters.class);
    private final MeterRegistry registry;
    private final int maxPairs;
    private final Map<String, List<Hit>> hitsByCode = new ConcurrentHashMap<>();
    private final Set<String> pairs = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Long> highestOffset = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Counter overflowed;

    private record Hit(BusinessMeasure measure, String label) {
    }

    /** @param maxPairs distinct tenant/client pairs with their own series ({@code analyzer.tenant-metrics.max-pairs}) */
    public TenantCounters(MeterRegistry registry, EventCatalogue catalogue, int maxPairs) {
        this.registry = registry;
        this.maxPairs = maxPairs;
        for (EventCode c : catalogue.all()) {
            List<Hit> hits = new ArrayList<>(2);
            for (BusinessMeasure m : BusinessMeasure.values()) {
                m.label(c).ifPresent(l -> hits.add(new Hit(m, l)));
            }
            if (!hits.isEmpty()) {
                hitsByCode.put(c.code(), List.copyOf(hits));
            }
        }
        this.overflowed = Counter.builder("authstream.tenant.clients.overflowed")
                .description("Business events counted under client=\"other\" because the tenant/client pair cap was reached")
                .register(registry);
    }

    /**
     * Counts one event read from {@code partition} of {@code topic} at {@code offset}, unless this
     * process already counted that offset (a replay).
     */
    public void count(String topic, int partition, long offset, String code, String tenant, String clientId) {
        List<Hit> hits = hitsByCode.get(code);
        if (hits == null || !firstTime(topic, partition, offset)) {
            return;
        }
        String t = tenant == null || tenant.isEmpty() ? NONE : tenant;
        String client = client(t, clientId == null || clientId.isEmpty() ? NONE : clientId);
        for (Hit h : hits) {
            counter(h.measure(), t, client, h.label()).increment();
        }
    }

    /** False when this offset (or a later one) of the partition was counted before: the record is a replay. */
    private boolean firstTime(String topic, int partition, long offset) {
        if (offset < 0) {
            return true; // no position known (not read from a topic): nothing to compare with
        }
        String tp = topic + "-" + partition;
        boolean[] first = {false};
        highestOffset.compute(tp, (k, v) -> {
            if (v == null || offset > v) {
                first[0] = true;
                return offset;
            }
            return v;
        });
        return first[0];
    }

    private String client(String tenant, String client) {
        String pair = tenant + "\u0000" + client;
        if (pairs.contains(pair)) {
            return client;
        }
        synchronized (pairs) {
            if (pairs.size() < maxPairs) {
                pairs.add(pair);
                return client;
            }
        }
        overflowed.increment();
        if (warned.compareAndSet(false, true)) {
            LOG.warn("Tenant metrics: more than {} tenant/client pairs (analyzer.tenant-metrics.max-pairs); further "
                    + "clients are counted as client=\"{}\" (authstream_tenant_clients_overflowed_total).", maxPairs, OTHER);
        }
        return OTHER;
    }

    private Counter counter(BusinessMeasure m, String tenant, String client, String label) {
        String id = m.ordinal() + "\u0000" + tenant + "\u0000" + client + "\u0000" + label;
        return counters.computeIfAbsent(id, k -> Counter.builder(m.meterName()).description(m.description())
                .tags("tenant", tenant, "client", client, m.labelName(), label).register(registry));
    }
}
