package io.authstream.retention.it;

import io.authstream.embedded.EmbeddedElasticsearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Makes one single-shard index red on the single embedded node, and heals it again with its data.
 * An allocation filter does not do it (a primary with data on disk is force-allocated regardless),
 * so the shard's files are moved aside while the index is closed: reopened, the primary has no copy
 * anywhere. Healing moves them back and forces the on-disk copy with {@code allocate_stale_primary}.
 */
final class UnavailableShard implements AutoCloseable {
    private final ArchiveFixture f;
    private final String index;
    private final Path shard;
    private final Path aside;
    private boolean red;

    private UnavailableShard(ArchiveFixture f, EmbeddedElasticsearch es, String index) {
        this.f = f;
        this.index = index;
        String uuid = f.call("GET", "/" + index + "/_settings", null).path(index).path("settings").path("index").path("uuid").asText();
        this.shard = es.instanceDir().resolve("data/indices/" + uuid + "/0");
        this.aside = es.instanceDir().resolve("aside-" + uuid);
    }

    static UnavailableShard of(ArchiveFixture f, EmbeddedElasticsearch es, String index) {
        UnavailableShard u = new UnavailableShard(f, es, index);
        f.call("POST", "/" + index + "/_close", null);
        move(u.shard, u.aside);
        u.red = true;
        f.call("POST", "/" + index + "/_open?wait_for_active_shards=0", null);
        u.await("red");
        return u;
    }

    String health() {
        return f.call("GET", "/_cat/indices/" + index + "?format=json&h=health", null).path(0).path("health").asText();
    }

    /** Puts the shard's files back and allocates that copy; waits for green. */
    void heal() {
        if (!red) {
            return;
        }
        move(aside, shard);
        red = false;
        String node = f.call("GET", "/_cat/nodes?format=json&h=name", null).path(0).path("name").asText();
        f.call("POST", "/_cluster/reroute?metric=none", "{\"commands\":[{\"allocate_stale_primary\":{\"index\":\"" + index
                + "\",\"shard\":0,\"node\":\"" + node + "\",\"accept_data_loss\":true}}]}");
        await("green");
    }

    private void await(String health) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!health().equals(health)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(index + " did not turn " + health + " within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Never leaves the shared node red for the next test class. */
    @Override
    public void close() {
        heal();
    }
}
