package io.authstream.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The metrics every component publishes: a Prometheus registry with
 * {@code authstream_build_info{component,version,java_version} 1}, JVM (memory, GC, threads,
 * class loading) and process (CPU, uptime, file descriptors) metrics, and every Timer and
 * DistributionSummary as a Prometheus histogram ({@code _bucket} series, which Prometheus can
 * aggregate across instances) instead of client-side quantiles (which it cannot).
 */
public final class OpsMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private OpsMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry for {@code component} (e.g. "archive"), with the meters above already bound. */
    public static OpsMetrics create(String component) {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().meterFilter(histograms());
        Gauge.builder("authstream.build.info", () -> 1)
                .description("Always 1; the labels say which component, version and Java runtime this is")
                .tag("component", component).tag("version", BuildInfo.version())
                .tag("java_version", System.getProperty("java.version", "unknown"))
                .register(r);
        new JvmMemoryMetrics().bindTo(r);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ClassLoaderMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        new FileDescriptorMetrics().bindTo(r);
        return new OpsMetrics(r, gc);
    }

    /**
     * Timers and distribution summaries publish histogram buckets and no client-side percentiles,
     * whatever their builder asked for (a percentile computed in one process cannot be averaged
     * with another's; buckets can be summed and {@code histogram_quantile}'d).
     */
    public static MeterFilter histograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER && id.getType() != Meter.Type.DISTRIBUTION_SUMMARY) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true).percentiles(new double[0]).build().merge(config);
            }
        };
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Prometheus exposition text. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
