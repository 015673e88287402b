package io.authstream.ingest.bench;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.kafka.KafkaPublisher;
import io.authstream.schemas.config.Config;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Not a test: a load generator that plays Auth0 against a receiver in its own JVM ({@code -Xmx512m}),
 * and Kafka's {@code ProducerPerformance} with the same events and producer settings against the
 * same embedded broker, in one run; then a steady 10,000 events/s for request latency. Prints
 * events/s, MB/s, p50/p99/max, the ratio to ProducerPerformance and the receiver's heap.
 *
 * <p>Run (under the machine's benchmark lock): {@code flock /tmp/authstream-bench.lock ./build -pl
 * ingest -am -Pbench verify -DskipTests}; tune with {@code -Dbench.seconds=30},
 * {@code -Dbench.connections=16}, {@code -Dbench.pp.records=1000000}, {@code -Dbench.steady.seconds=30}.
 */
public final class IngestBenchmark {
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final String PATH = "/v1/auth0/bench";
    private static final Pattern PP_RESULT = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private IngestBenchmark() {
    }

    record LoadResult(long events, long bytes, long requests, Map<Integer, Long> failures, long[] latenciesNanos, double seconds) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double megabytesPerSecond() {
            return bytes / seconds / (1024.0 * 1024.0);
        }

        double percentileMs(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100.0 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }

        double maxMs() {
            return latenciesNanos.length == 0 ? Double.NaN : latenciesNanos[latenciesNanos.length - 1] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup", 10);
        int connections = Integer.getInteger("bench.connections", 16);
        int batch = Integer.getInteger("bench.batch", 100);
        int ppRecords = Integer.getInteger("bench.pp.records", 1_000_000);
        int steadyRate = Integer.getInteger("bench.steady.events-per-second", 10_000);
        int steadySeconds = Integer.getInteger("bench.steady.seconds", 30);
        Auth0Events events = new Auth0Events();
        byte[] sample = events.body(0, 60, false);
        byte[] squeezed = new byte[sample.length * 2];
        int lz4 = net.jpountz.lz4.LZ4Factory.fastestJavaInstance().fastCompressor().compress(sample, 0, sample.length, squeezed, 0, squeezed.length);
        System.out.printf("authstream ingest benchmark: %d event codes, %.0f bytes per event on average (lz4 %.1fx on 60 events), "
                + "batches of %d, %d connections%n", events.kinds(), events.averageSize(), (double) sample.length / lz4, batch, connections);

        Path work = Files.createTempDirectory("authstream-ingest-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokerProperty("num.partitions", "3").start();
             Receiver receiver = Receiver.start(kafka.bootstrapServers(), "bench-")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int port = receiver.port;
            HeapSampler heap = new HeapSampler(client, URI.create("http://127.0.0.1:" + receiver.opsPort + "/metrics"));
            AtomicLong seq = new AtomicLong();

            System.out.printf("warm-up: %d s%n", warmup);
            closedLoop(port, events, connections, batch, Duration.ofSeconds(warmup), seq);
            heap.start();
            System.out.printf("ingest, closed loop: %d s%n", seconds);
            long self = ProcessHandle.current().pid();
            double rx0 = cpuSeconds(receiver.process.pid());
            double me0 = cpuSeconds(self);
            LoadResult ingest = closedLoop(port, events, connections, batch, Duration.ofSeconds(seconds), seq);
            double receiverCpu = cpuSeconds(receiver.process.pid()) - rx0;
            double benchCpu = cpuSeconds(self) - me0;
            long heapUnderMaxLoad = heap.maxAndReset();

            System.out.printf("ProducerPerformance: %,d records%n", ppRecords);
            double me1 = cpuSeconds(self);
            Optional<double[]> pp = producerPerformance(kafka.bootstrapServers(), events, ppRecords, work);
            double brokerCpuDuringPp = cpuSeconds(self) - me1;

            System.out.printf("steady: %,d events/s for %d s%n", steadyRate, steadySeconds);
            LoadResult steady = openLoop(port, events, batch, steadyRate, 16, Duration.ofSeconds(steadySeconds), seq);
            long heapSteady = heap.maxAndReset();
            heap.stop();

            System.out.println();
            System.out.println("== results (2 cores shared by broker, receiver and load generator) ==");
            report("ingest, max load", ingest);
            if (pp.isPresent()) {
                double[] r = pp.get();
                System.out.printf("%-28s %,10.0f events/s %8.1f MB/s   avg %6.1f ms  p50 %6.1f ms  p99 %6.1f ms  max %7.1f ms (per record)%n",
                        "ProducerPerformance", r[1], r[2], r[3], r[5], r[7], r[4]);
                System.out.printf("%-28s %.2f (ingest events/s / ProducerPerformance records/s; target >= 0.5)%n", "ratio", ingest.eventsPerSecond() / r[1]);
            } else {
                System.out.println("ProducerPerformance: no result (see its output above)");
            }
            report("ingest, steady " + steadyRate + "/s", steady);
            System.out.printf("%-28s receiver %.1f s, broker + load generator %.1f s, for %,d events: receiver %.1f CPU-s per million events%n",
                    "CPU, ingest max load", receiverCpu, benchCpu, ingest.events(), receiverCpu / ingest.events() * 1e6);
            if (pp.isPresent()) {
                double[] r = pp.get();
                System.out.printf("%-28s ProducerPerformance client %.1f s, broker %.1f s, for %,.0f records: client %.1f CPU-s per million%n",
                        "CPU, ProducerPerformance", r[8], brokerCpuDuringPp, r[0], r[8] / r[0] * 1e6);
            }
            System.out.printf("%-28s max %,d MB under max load, max %,d MB at steady load (limit -Xmx512m)%n", "receiver heap used",
                    heapUnderMaxLoad >> 20, heapSteady >> 20);
        } finally {
            deleteQuietly(work);
        }
        System.exit(0);
    }

    private static void report(String name, LoadResult r) {
        System.out.printf("%-28s %,10.0f events/s %8.1f MB/s   p50 %6.1f ms  p99 %6.1f ms  max %7.1f ms (per request of 100)  requests %,d  failures %s%n",
                name, r.eventsPerSecond(), r.megabytesPerSecond(), r.percentileMs(50), r.percentileMs(99), r.maxMs(), r.requests(),
                r.failures().isEmpty() ? "none" : r.failures());
    }

    /** {@code connections} clients, each posting the next batch as soon as the previous is answered. */
    static LoadResult closedLoop(int port, Auth0Events events, int connections, int batch, Duration d, AtomicLong seq)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + d.toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Map<Integer, Long> failures = new ConcurrentHashMap<>();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                long[] lat = new long[4096];
                int n = 0;
                try (LoadConnection conn = new LoadConnection("127.0.0.1", port, PATH, TOKEN)) {
                    while (System.nanoTime() < end) {
                        long first = seq.getAndAdd(batch);
                        boolean array = (first / batch) % 2 == 0;
                        byte[] body = events.body(first, batch, array);
                        long t0 = System.nanoTime();
                        int status = conn.post(body, array);
                        long took = System.nanoTime() - t0;
                        if (status == 200) {
                            ok.addAndGet(batch);
                            bytes.addAndGet(body.length);
                        } else {
                            failures.merge(status, 1L, Long::sum);
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = took;
                    }
                }
                synchronized (perThread) {
                    perThread.add(Arrays.copyOf(lat, n));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new LoadResult(ok.get(), bytes.get(), all.length, new TreeMap<>(failures), all, secs);
    }

    /**
     * A request of {@code batch} events every {@code batch / rate} seconds whatever the answers do,
     * served by a pool of connections; latency counts from when the request was due, so a stall is
     * not hidden behind a slow previous answer (no coordinated omission).
     */
    static LoadResult openLoop(int port, Auth0Events events, int batch, int rate, int connections, Duration d, AtomicLong seq)
            throws Exception {
        long intervalNanos = (long) (batch * 1e9 / rate);
        int total = (int) (d.toNanos() / intervalNanos);
        long[] lat = new long[total];
        AtomicLong ok = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Map<Integer, Long> failures = new ConcurrentHashMap<>();
        java.util.concurrent.BlockingQueue<long[]> due = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().name("bench-steady-" + c).start(() -> {
                try (LoadConnection conn = new LoadConnection("127.0.0.1", port, PATH, TOKEN)) {
                    while (true) {
                        long[] job = due.take();
                        if (job[0] < 0) {
                            return;
                        }
                        int i = (int) job[0];
                        boolean array = i % 2 == 0;
                        byte[] body = events.body(seq.getAndAdd(batch), batch, array);
                        int status = conn.post(body, array);
                        lat[i] = System.nanoTime() - job[1];
                        if (status == 200) {
                            ok.addAndGet(batch);
                            bytes.addAndGet(body.length);
                        } else {
                            failures.merge(status, 1L, Long::sum);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < total; i++) {
            long at = start + i * intervalNanos;
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            due.put(new long[] {i, at});
        }
        for (int c = 0; c < connections; c++) {
            due.put(new long[] {-1, 0});
        }
        for (Thread w : workers) {
            w.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        return new LoadResult(ok.get(), bytes.get(), total, new TreeMap<>(failures), sorted, secs);
    }

    /** Runs ProducerPerformance in its own JVM with ingest's producer settings; [sent, rec/s, MB/s, avg, max, p50, p95, p99, CPU-s]. */
    static Optional<double[]> producerPerformance(String bootstrap, Auth0Events events, int records, Path work) throws Exception {
        Path payload = work.resolve("auth0-events.jsonl");
        try (OutputStream out = Files.newOutputStream(payload)) {
            for (long i = 0; i < 20_000; i++) {
                out.write(events.event(900_000_000_000L + i));
                out.write('\n');
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("bench-producer-performance", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> cfg = Map.of("kafka.bootstrap.servers", bootstrap, "ingest.streams.bench.tokens", TOKEN);
        Map<String, Object> props = KafkaPublisher.producerProperties(IngestConfig.from(Config.of(cfg)).kafka(), "bench-pp");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance", "--bootstrap-server", bootstrap, "--topic", "bench-producer-performance",
                "--num-records", String.valueOf(records), "--throughput", "-1", "--payload-file", payload.toString(),
                "--command-property"));
        new TreeMap<>(props).forEach((k, v) -> {
            if (!k.equals(ProducerConfig.CLIENT_ID_CONFIG) && !k.endsWith(".serializer")) {
                cmd.add(k + "=" + v);
            }
        });
        System.out.println("  " + String.join(" ", cmd.subList(4, cmd.size())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        AtomicLong cpuMillis = new AtomicLong();
        Thread cpu = Thread.ofPlatform().daemon().start(() -> {
            while (p.isAlive()) {
                double c = cpuSeconds(p.pid());
                if (!Double.isNaN(c)) {
                    cpuMillis.set((long) (c * 1000));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        double[] result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = PP_RESULT.matcher(line);
                if (m.find()) {
                    double[] v = new double[9];
                    for (int i = 0; i < 8; i++) {
                        v[i] = Double.parseDouble(m.group(i + 1));
                    }
                    result = v;
                }
                System.out.println("  | " + line);
            }
        }
        p.waitFor(10, TimeUnit.MINUTES);
        cpu.join();
        if (result != null) {
            result[8] = cpuMillis.get() / 1000.0;
        }
        return Optional.ofNullable(result);
    }

    /** CPU seconds (user + system) used so far by a process, from /proc (Linux); NaN elsewhere. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // fields 14 and 15; USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** The receiver in its own JVM, stopped by closing its stdin. */
    static final class Receiver implements AutoCloseable {
        final Process process;
        final int port;
        final int opsPort;

        private Receiver(Process process, int port, int opsPort) {
            this.process = process;
            this.port = port;
            this.opsPort = opsPort;
        }

        static Receiver start(String bootstrap, String prefix) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-XX:+UseG1GC"));
            String jfr = System.getProperty("bench.jfr", "");
            if (!jfr.isBlank()) {
                cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReceiverMain.class.getName(), bootstrap, prefix, TOKEN));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PORTS ")) {
                    String[] parts = line.split(" ");
                    drain(out);
                    return new Receiver(p, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                }
                System.out.println("  receiver | " + line);
            }
            throw new IOException("the receiver exited before it was ready");
        }

        private static void drain(BufferedReader out) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null) {
                        System.out.println("  receiver | " + l);
                    }
                } catch (IOException e) {
                    // receiver gone
                }
            });
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    /** Samples the receiver's heap use from its Prometheus endpoint. */
    static final class HeapSampler {
        private final HttpClient client;
        private final URI metrics;
        private final AtomicLong max = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        HeapSampler(HttpClient client, URI metrics) {
            this.client = client;
            this.metrics = metrics;
        }

        void start() {
            running = true;
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running) {
                    try {
                        String body = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                        long used = body.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
                        max.accumulateAndGet(used, Math::max);
                        Thread.sleep(1000);
                    } catch (IOException e) {
                        // try again
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long maxAndReset() {
            return max.getAndSet(0);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}
