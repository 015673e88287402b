package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;

/**
 * The baseline of one group for a {@link SpikeRule} and its open alert, if any.
 *
 * @param lastClosed start of the last bucket folded into the baseline
 * @param buckets    how many buckets the baseline has seen (warm-up)
 * @param alert      the open alert, or null
 * @param alertLimit the limit the alert's bucket crossed
 */
record SpikeState(double mean, double variance, long buckets, long lastClosed, ActiveAlert alert, long alertLimit) {
    private static final int VERSION = 1;

    SpikeState withAlert(ActiveAlert a, long limit) {
        return new SpikeState(mean, variance, buckets, lastClosed, a, limit);
    }

    double sigma() {
        return Math.sqrt(Math.max(0, variance));
    }

    /** The count a bucket must exceed: {@code max(floor, ceil(mean + k·σ))}. */
    long limit(SpikeRule r) {
        return Math.max(r.floor(), (long) Math.ceil(mean + r.k() * sigma()));
    }

    boolean warm(SpikeRule r) {
        return buckets >= r.warmupBuckets();
    }

    /**
     * Folds one closed bucket's count {@code x} into the EWMA mean and variance (West's
     * incremental form). Once warm, {@code x} is clamped to the current limit, so an ongoing
     * attack does not teach the baseline that attacks are normal.
     */
    SpikeState fold(SpikeRule r, long x, long bucketStart) {
        double v = warm(r) ? Math.min(x, limit(r)) : x;
        double a = r.alpha();
        double m = mean;
        double var = variance;
        if (buckets == 0) {
            m = v;
            var = 0;
        } else {
            double diff = v - m;
            double incr = a * diff;
            m = m + incr;
            var = (1 - a) * (var + diff * incr);
        }
        return new SpikeState(m, var, buckets + 1, bucketStart, alert, alertLimit);
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
        });
    }

    static SpikeState decode(byte[] b) {
        return Codec.decode(b, in -> {
            Codec.version(in, VERSION, "spike state");
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
            return new SpikeState(m, v, n, last, a, limit);
        });
    }

    static SpikeState fresh(long firstBucket, long bucketMs) {
        return new SpikeState(0, 0, 0, firstBucket - bucketMs, null, 0);
    }

    AlertSeverity severityOr(AlertSeverity s) {
        return alert == null ? s : alert.severity();
    }
}
