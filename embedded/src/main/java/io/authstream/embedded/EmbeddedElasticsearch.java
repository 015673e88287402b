package io.authstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch, run as a child process from the Maven-published
 * {@code integ-test-zip} distribution and bound to 127.0.0.1.
 *
 * <p>Traps it handles: Elasticsearch refuses to run as root, so as root it runs under an
 * unprivileged uid via {@code setpriv} (every directory on the way to its files must be traversable
 * by that uid: keep instance directories under a world-traversable place such as {@code /var/tmp});
 * it needs a JDK 21+, found by {@link JavaHomes}; the distribution has no {@code GET /}, so health
 * is read from {@code /_cluster/health}. A process is never left behind: {@link #close()}, a JVM
 * shutdown hook, and at the next start a sweep of processes whose owning JVM has died.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    /** The uid Elasticsearch runs under when we are root; it needs no passwd entry. */
    static final int UNPRIVILEGED_UID = 10001;

    private final Path home;
    private final Path instanceDir;
    private final boolean temporary;
    private final int httpPort;
    private final String password;
    private final boolean security;
    private final ProcessHandle process;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedElasticsearch(Builder b) {
        long t0 = System.nanoTime();
        ProcessRegistry.sweepOrphans();
        this.home = ElasticsearchDistribution.unpacked();
        this.temporary = b.instanceDir == null;
        try {
            this.instanceDir = temporary
                    ? Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "authstream-es-")
                    : Files.createDirectories(b.instanceDir).toAbsolutePath();
            // Owner only: raw index files hold auth logs. As root the tree is chowned to the uid ES runs under below.
            Files.setPosixFilePermissions(instanceDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Elasticsearch instance directory", e);
        }
        if (Processes.isRoot()) {
            requireTraversable(instanceDir);
        }
        stopStaleProcess(instanceDir);
        this.httpPort = b.httpPort > 0 ? b.httpPort : Ports.freePort();
        this.security = b.security;
        this.password = security ? (b.password != null ? b.password : randomPassword()) : null;
        Path javaHome = JavaHomes.find(21);
        try {
            prepareInstance(javaHome, b);
            this.process = launch(javaHome, b.heap);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Elasticsearch in " + instanceDir, e);
        }
        if (b.shutdownHook) {
            this.shutdownHook = new Thread(this::stopProcess, "embedded-elasticsearch-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
        try {
            waitForGreen(b.startTimeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.startupTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("Embedded Elasticsearch ready at {} in {} ms (pid {}, security {})",
                httpUrl(), startupTime.toMillis(), process.pid(), security ? "on" : "off");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts Elasticsearch with security off, a free port and a temporary instance directory. */
    public static EmbeddedElasticsearch start() {
        return builder().start();
    }

    private void prepareInstance(Path javaHome, Builder b) throws IOException {
        Path config = instanceDir.resolve("config");
        for (String d : List.of("data", "logs", "tmp", "snapshots")) {
            Files.createDirectories(instanceDir.resolve(d));
        }
        // A fresh config every start: settings may change between runs, data stays.
        FileTrees.deleteQuietly(config);
        FileTrees.copy(home.resolve("config"), config);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cluster.name", "authstream");
        settings.put("node.name", "authstream-1");
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(httpPort));
        settings.put("transport.port", String.valueOf(Ports.freePort()));
        settings.put("discovery.type", "single-node");
        settings.put("path.data", instanceDir.resolve("data").toString());
        settings.put("path.logs", instanceDir.resolve("logs").toString());
        settings.put("path.repo", "[\"" + instanceDir.resolve("snapshots") + "\"]");
        settings.put("xpack.security.enabled", String.valueOf(security));
        // Laptops and CI boxes often have nearly full disks; do not turn indices read-only on us.
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        settings.putAll(b.settings);
        StringBuilder yml = new StringBuilder("# written by authstream EmbeddedElasticsearch\n");
        settings.forEach((k, v) -> yml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(config.resolve("elasticsearch.yml"), yml.toString());
        Files.writeString(config.resolve("jvm.options.d/authstream.options"),
                "-Xms" + b.heap + "\n-Xmx" + b.heap + "\n");
        if (security) {
            runTool(javaHome, config, null, "elasticsearch-keystore", "create");
            runTool(javaHome, config, password, "elasticsearch-keystore", "add", "-x", "bootstrap.password");
            for (Map.Entry<String, String[]> u : b.users.entrySet()) {
                runTool(javaHome, config, null, "elasticsearch-users", "useradd", u.getKey(),
                        "-p", u.getValue()[0], "-r", u.getValue()[1]);
            }
        }
        if (Processes.isRoot()) {
            Processes.run(List.of("chown", "-R", UNPRIVILEGED_UID + ":" + UNPRIVILEGED_UID, instanceDir.toString()),
                    Duration.ofSeconds(60));
        }
    }

    private void runTool(Path javaHome, Path config, String stdin, String tool, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin").resolve(tool).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "ES_JAVA_HOME", javaHome.toString(),
                "ES_PATH_CONF", config.toString(), "HOME", instanceDir.toString()));
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                // The output of these tools never contains the password: it is given on stdin or
                // as a file-realm argument that the tool does not echo.
                throw new IllegalStateException(tool + " " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + tool, e);
        }
    }

    private ProcessHandle launch(Path javaHome, String heap) throws IOException {
        Path pidFile = instanceDir.resolve("es.pid");
        Files.deleteIfExists(pidFile);
        List<String> cmd = new ArrayList<>();
        if (Processes.isRoot()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_UID, "--regid=" + UNPRIVILEGED_UID, "--clear-groups"));
        }
        cmd.addAll(List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + instanceDir,
                "ES_JAVA_HOME=" + javaHome, "ES_PATH_CONF=" + instanceDir.resolve("config"),
                "ES_TMPDIR=" + instanceDir.resolve("tmp"),
                home.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile.toString()));
        Path launchLog = instanceDir.resolve("logs/launch.out");
        Process launcher = new ProcessBuilder(cmd).directory(instanceDir.toFile())
                .redirectErrorStream(true).redirectOutput(launchLog.toFile()).start();
        try {
            // With -d the launcher returns once the node has started (or failed to).
            if (!launcher.waitFor(180, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
                throw new IllegalStateException("Elasticsearch launcher did not return within 180 s" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Elasticsearch", e);
        }
        if (launcher.exitValue() != 0 || !Files.exists(pidFile)) {
            throw new IllegalStateException("Elasticsearch failed to start (exit " + launcher.exitValue() + ")" + logTail());
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("Elasticsearch exited right after start" + logTail()));
        ProcessRegistry.register(pid, instanceDir);
        return handle;
    }

    private void waitForGreen(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited while starting" + logTail());
            }
            try {
                HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(httpUrl() + "/_cluster/health?wait_for_status=green&timeout=2s"))
                        .timeout(Duration.ofSeconds(5)).GET();
                if (security) {
                    rb.header("Authorization", basicAuth("elastic", password));
                }
                HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"status\":\"green\"")) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            Processes.pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("Elasticsearch was not green within " + timeout.toSeconds() + " s (last: " + last + ")" + logTail());
    }

    /** The last lines of the server log and of the launcher output, for error messages. */
    String logTail() {
        StringBuilder sb = new StringBuilder();
        for (Path log : List.of(instanceDir.resolve("logs/authstream.log"), instanceDir.resolve("logs/launch.out"))) {
            try {
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    sb.append("\n--- last lines of ").append(log).append(" ---\n");
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException | UncheckedIOException ignored) {
                // a log we cannot read adds nothing to the message
            }
        }
        return sb.toString();
    }

    private static void stopStaleProcess(Path instanceDir) {
        Path pidFile = instanceDir.resolve("es.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Processes::isElasticsearch).ifPresent(ph -> {
                LOG.warn("Stopping a stale Elasticsearch (pid {}) left in {} by an earlier run", pid, instanceDir);
                Processes.terminate(ph, Duration.ofSeconds(20));
            });
        } catch (IOException | NumberFormatException e) {
            LOG.debug("ignoring unreadable pid file {}", pidFile, e);
        }
    }

    /** Uid 10001 must be able to reach the instance directory; a 0700 parent (like /root) blocks it. */
    private static void requireTraversable(Path dir) {
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("Elasticsearch runs as uid " + UNPRIVILEGED_UID + " when started by root and "
                            + "cannot enter " + p + " (mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                            + "). Put its data under a world-traversable directory such as /var/tmp, or chmod o+x " + p + ".");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The value of a basic {@code Authorization} header. */
    public static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** For example {@code http://127.0.0.1:41234}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public boolean securityEnabled() {
        return security;
    }

    /** The {@code elastic} superuser, or empty when security is off. */
    public Optional<String> username() {
        return security ? Optional.of("elastic") : Optional.empty();
    }

    /** The {@code elastic} user's password, or empty when security is off. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public long pid() {
        return process.pid();
    }

    public Path instanceDir() {
        return instanceDir;
    }

    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Resident memory of the server process in bytes, from {@code /proc}, if readable. */
    public Optional<Long> residentBytes() {
        return Processes.residentBytes(process.pid());
    }

    private synchronized void stopProcess() {
        if (process != null && process.isAlive()) {
            Processes.terminate(process, Duration.ofSeconds(30));
        }
        if (process != null) {
            ProcessRegistry.unregister(process.pid());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        stopProcess();
        try {
            if (shutdownHook != null) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing to remove
        }
        if (temporary) {
            FileTrees.deleteQuietly(instanceDir);
        }
        LOG.info("Embedded Elasticsearch stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** Options for {@link EmbeddedElasticsearch}. */
    public static final class Builder {
        private Path instanceDir;
        private int httpPort;
        private boolean security;
        private String password;
        private String heap = "512m";
        private Duration startTimeout = Duration.ofSeconds(120);
        private boolean shutdownHook = true;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, String[]> users = new LinkedHashMap<>();

        private Builder() {
        }

        /** Keeps config, data and logs here across restarts. As root it must be traversable by uid 10001. */
        public Builder instanceDir(Path dir) {
            this.instanceDir = dir;
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Turns security on; the {@code elastic} password is generated unless {@link #password} is set. */
        public Builder security(boolean on) {
            this.security = on;
            return this;
        }

        public Builder password(String pw) {
            this.password = pw;
            return this;
        }

        /** A file-realm user (security only), e.g. {@code user("writer", "pw", "superuser")}. */
        public Builder user(String name, String pw, String role) {
            users.put(name, new String[] {pw, role});
            return this;
        }

        /** JVM heap, e.g. {@code 512m}. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * Whether to stop the process from a JVM shutdown hook (default true). A caller that stops
         * its components in order from its own hook turns it off, so that Elasticsearch does not
         * vanish under components still flushing to it; the orphan sweep remains as a safety net.
         */
        public Builder shutdownHook(boolean on) {
            this.shutdownHook = on;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public EmbeddedElasticsearch start() {
            return new EmbeddedElasticsearch(this);
        }
    }
}
