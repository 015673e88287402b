package io.authstream.ops;

/**
 * The default operations port of each component: all different, so that every component can run
 * on one host (the webhook itself stays on 8080).
 */
public final class OpsPorts {
    public static final int INGEST = 8081;
    public static final int ARCHIVE = 9402;
    public static final int ANALYZER = 9403;
    public static final int NOTIFIER = 9404;
    public static final int RETENTION = 9405;
    public static final int PULL = 9406;

    private OpsPorts() {
    }
}
