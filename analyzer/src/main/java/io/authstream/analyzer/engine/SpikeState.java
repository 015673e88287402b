package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The baseline of one group for a {@link SpikeRule} and its open alert, if any.
 *
 * @param mean        EWMA of the counted signals (failures) per bucket
 * @param successMean EWMA of the {@link Signal.Kind#SUCCESS} signals per bucket (ratio rules only)
 * @param lastClosed  start of the last bucket folded into the baseline
 * @param buckets     how many buckets the baseline has seen (warm-up)
 * @param alert       the open alert, or null
 * @param alertLimit  the limit the alert's bucket crossed
 * @param opened      what the open alert reports beyond its running total (baseline at firing, peak bucket), or null
 */
record SpikeState(double mean, double variance, double successMean, long buckets, long lastClosed, ActiveAlert alert,
                  long alertLimit, Opened opened) {
    private static final int VERSION = 2;

    /**
     * The figures an open alert states per bucket: the baseline when it fired and its peak bucket.
     *
     * @param ratio the baseline's failure ratio, failures / (failures + successes), when it fired
     */
    record Opened(double mean, double sigma, double ratio, long peakStart, long peakFailures, long peakSuccesses) {
        /** With the bucket at {@code start} now holding {@code failures}: the new peak if it is one (or refreshes it). */
        Opened seen(long start, long failures, long successes) {
            return start == peakStart || failures > peakFailures
                    ? new Opened(mean, sigma, ratio, start, Math.max(failures, start == peakStart ? peakFailures : 0), successes)
                    : this;
        }
    }

    SpikeState(double mean, double variance, long buckets, long lastClosed, ActiveAlert alert, long alertLimit) {
        this(mean, variance, 0, buckets, lastClosed, alert, alertLimit, null);
    }

    SpikeState withAlert(ActiveAlert a, long limit) {
        return new SpikeState(mean, variance, successMean, buckets, lastClosed, a, limit, a == null ? null : opened);
    }

    SpikeState withOpened(Opened o) {
        return new SpikeState(mean, variance, successMean, buckets, lastClosed, alert, alertLimit, o);
    }

    /** The baseline as an open alert will quote it, with the bucket that fired as its first peak. */
    Opened open(long bucketStart, long failures, long successes) {
        return new Opened(mean, sigma(), ratio(), bucketStart, failures, successes);
    }

    double sigma() {
        return Math.sqrt(Math.max(0, variance));
    }

    /** The count a bucket must exceed: {@code max(floor, ceil(mean + k·σ))}. */
    long limit(SpikeRule r) {
        return Math.max(r.floor(), (long) Math.ceil(mean + r.k() * sigma()));
    }

    /**
     * The failures the baseline's ratio expects in a bucket with {@code successes} successes:
     * {@code (mean + 1)·(successes + 1) / (successMean + 1)}. The ones keep a small or success-free
     * baseline from expecting zero (a tenant without success events is judged by its count).
     */
    double expectedFailures(long successes) {
        return (mean + 1) * (successes + 1) / (successMean + 1);
    }

    /** The failures a bucket with {@code successes} successes must exceed to break the ratio. */
    long ratioLimit(SpikeRule r, long successes) {
        return (long) Math.ceil(r.ratioFactor() * expectedFailures(successes));
    }

    /** Whether a bucket with these counts is a spike: above the count limit and, for ratio rules, the ratio limit. */
    boolean anomalous(SpikeRule r, long failures, long successes) {
        return failures > limit(r) && (!r.judgesRatio() || failures > ratioLimit(r, successes));
    }

    /** The baseline's failure ratio, failures / (failures + successes); 1 without successes. */
    double ratio() {
        return mean + successMean <= 0 ? 1 : mean / (mean + successMean);
    }

    boolean warm(SpikeRule r) {
        return buckets >= r.warmupBuckets();
    }

    /**
     * Folds one closed bucket's counts ({@code x} failures, {@code successes}) into the EWMA means
     * and the variance (West's incremental form). Once warm, {@code x} is clamped to the highest
     * count that would not have been a spike, so an ongoing attack does not teach the baseline that
     * attacks are normal, while more traffic at the usual ratio (a launch) is learned as it is.
     */
    SpikeState fold(SpikeRule r, long x, long successes, long bucketStart) {
        long ceiling = r.judgesRatio() ? Math.max(limit(r), ratioLimit(r, successes)) : limit(r);
        double v = warm(r) ? Math.min(x, ceiling) : x;
        double a = r.alpha();
        double m = mean;
        double var = variance;
        double sm = successMean;
        if (buckets == 0) {
            m = v;
            var = 0;
            sm = successes;
        } else {
            double diff = v - m;
            double incr = a * diff;
            m = m + incr;
            var = (1 - a) * (var + diff * incr);
            sm = sm + a * (successes - sm);
        }
        return new SpikeState(m, var, sm, buckets + 1, bucketStart, alert, alertLimit, opened);
    }

    /** The same baseline, skipped ahead to {@code lastClosed} after a long quiet spell. */
    SpikeState skippedTo(long last) {
        return new SpikeState(mean, variance, successMean, buckets, last, alert, alertLimit, opened);
    }

    byte[] encode() {
        return Codec.encode(out -> {
            out.writeByte(VERSION);
            out.writeDouble(mean);
            out.writeDouble(variance);
            out.writeLong(buckets);
            out.writeLong(lastClosed);
            out.writeLong(alertLimit);
            out.writeBoolean(alert != null);
            if (alert != null) {
                byte[] a = alert.encode();
                out.writeInt(a.length);
                out.write(a);
            }
            out.writeDouble(successMean);
            out.writeBoolean(opened != null);
            if (opened != null) {
                out.writeDouble(opened.mean());
                out.writeDouble(opened.sigma());
                out.writeDouble(opened.ratio());
                out.writeLong(opened.peakStart());
                out.writeLong(opened.peakFailures());
                out.writeLong(opened.peakSuccesses());
            }
        });
    }

    /** Reads this version and version 1 (before successes were tracked), so state survives an upgrade. */
    static SpikeState decode(byte[] b) {
        return Codec.decode(b, SpikeState::read);
    }

    private static SpikeState read(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != 1 && version != VERSION) {
            throw new IOException("spike state has format version " + version + ", expected 1 or " + VERSION);
        }
        double m = in.readDouble();
        double v = in.readDouble();
        long n = in.readLong();
        long last = in.readLong();
        long limit = in.readLong();
        ActiveAlert a = null;
        if (in.readBoolean()) {
            byte[] ab = new byte[in.readInt()];
            in.readFully(ab);
            a = ActiveAlert.decode(ab);
        }
        if (version == 1) {
            return new SpikeState(m, v, n, last, a, limit);
        }
        double sm = in.readDouble();
        Opened o = in.readBoolean() ? new Opened(in.readDouble(), in.readDouble(), in.readDouble(), in.readLong(),
                in.readLong(), in.readLong()) : null;
        return new SpikeState(m, v, sm, n, last, a, limit, o);
    }

    static SpikeState fresh(long firstBucket, long bucketMs) {
        return new SpikeState(0, 0, 0, firstBucket - bucketMs, null, 0);
    }

    AlertSeverity severityOr(AlertSeverity s) {
        return alert == null ? s : alert.severity();
    }
}
