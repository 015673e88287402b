package io.authstream.cli;

import io.authstream.embedded.emulator.RecallRun;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.topic.Topics;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream recall}: measured recall, false alerts and alert latency per rule against a running stack. */
@Command(name = "recall", mixinStandardHelpOptions = true,
        description = "Plays labelled attack scenarios through a running stack's webhook and prints recall, false alerts "
                + "and alert latency per rule.")
final class RecallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, description = "Webhook URL, e.g. http://127.0.0.1:8080/v1/auth0/main")
    URI url;

    @Option(names = "--token", description = "Authorization header value, sent verbatim (env AUTHSTREAM_REPLAY_TOKEN).")
    String token = System.getenv("AUTHSTREAM_REPLAY_TOKEN");

    @Option(names = "--bootstrap-servers", description = "Kafka to read " + Topics.ALERTS + " from (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "127.0.0.1:9092";

    @Option(names = "--topics-prefix", description = "The stack's topics.prefix, if it has one (default: none).")
    String topicsPrefix = "";

    @Option(names = "--seeds", description = "How many scenarios to play, one seed each (default: ${DEFAULT-VALUE}).")
    int seeds = 1;

    @Option(names = "--seed", description = "The first seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--minutes", description = "Event-time span of one scenario, at least 240 (default: ${DEFAULT-VALUE}).")
    int minutes = 240;

    @Option(names = "--normal-rate", description = "Benign events per minute of event time, on average (default: ${DEFAULT-VALUE}).")
    int normalPerMinute = 200;

    @Option(names = "--batch", description = "Events per request (default: ${DEFAULT-VALUE}).")
    int batch = 500;

    @Option(names = "--rate", description = "Events per second to post at; 0 posts as fast as the stack answers "
            + "(default: ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = "--settle", description = "Longest wait for alerts after the last post (default: ${DEFAULT-VALUE}).")
    String settle = "30s";

    @Option(names = "--tenant", description = "Tenant name in generated events (default: ${DEFAULT-VALUE}).")
    String tenant = "acme-prod";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecallRun.Options o = new RecallRun.Options(url, token, bootstrapServers, topicsPrefix + Topics.ALERTS, seed, seeds,
                Duration.ofMinutes(minutes), normalPerMinute, batch, rate, Config.parseDuration("--settle", settle), tenant);
        RecallRun.Result r = new RecallRun(o, line -> {
            err.println(line);
            err.flush();
        }).run();
        out.printf("recall: %d seeds from %d, %d events in %.1f s (%s)%n", seeds, seed, r.events(), r.seconds(),
                rate > 0 ? "paced at " + rate + " events/s" : "unpaced");
        out.print(r.report().render());
        out.flush();
        return r.undelivered() == 0 ? 0 : 2;
    }
}
