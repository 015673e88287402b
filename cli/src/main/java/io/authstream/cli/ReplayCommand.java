package io.authstream.cli;

import io.authstream.embedded.emulator.ContentFormat;
import io.authstream.embedded.emulator.EventFiles;
import io.authstream.embedded.emulator.LogStreamEmulator;
import io.authstream.embedded.emulator.ReplaySummary;
import io.authstream.embedded.emulator.Scenario;
import io.authstream.embedded.emulator.ScenarioGenerator;
import io.authstream.embedded.emulator.Traffic;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.Secret;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream replay}: the Auth0 log-stream emulator. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Sends Auth0 events to a webhook exactly as an Auth0 Custom Webhook log stream does.")
final class ReplayCommand implements Callable<Integer> {
    /** Read like a configuration key, so the environment forms and file errors are the usual ones. */
    private static final String TOKEN_KEY = "replay.token";

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, description = "Webhook URL, e.g. http://127.0.0.1:8080/v1/auth0/main")
    URI url;

    @Option(names = "--token", description = "Authorization header value, sent verbatim. Visible to other users in the "
            + "process list: prefer --token-file or AUTHSTREAM_REPLAY_TOKEN / AUTHSTREAM_REPLAY_TOKEN_FILE.")
    String token;

    @Option(names = "--token-file", description = "File holding the Authorization header value (one trailing newline is dropped).")
    Path tokenFile;

    static final class Input {
        @Option(names = "--file", description = "Events to send: JSON array or JSON lines of envelopes or Management API log objects.")
        Path file;

        @Option(names = "--scenario", description = "Generate traffic: ${COMPLETION-CANDIDATES}.")
        String scenario;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--seed", description = "Seed for --scenario (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--tenant", description = "Tenant name in generated events (default: ${DEFAULT-VALUE}).")
    String tenant = "acme-prod";

    @Option(names = "--minutes", description = "Event-time span of generated traffic, ending now (default: ${DEFAULT-VALUE}).")
    int minutes = 30;

    @Option(names = "--normal-rate", description = "Normal events per minute of event time (default: ${DEFAULT-VALUE}).")
    int normalPerMinute = 200;

    @Option(names = "--format", description = "jsonlines, jsonarray or jsonobject (default: ${DEFAULT-VALUE}).")
    String format = "jsonlines";

    @Option(names = "--batch", description = "Events per request (default: ${DEFAULT-VALUE}).")
    int batch = 100;

    @Option(names = "--rate", description = "Events per second of wall time; 0 = as fast as accepted (default: ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = "--give-up-after", description = "Stop retrying failed batches after this long (default: ${DEFAULT-VALUE}).")
    String giveUpAfter = "5m";

    /** {@code --token}, else {@code --token-file}, else AUTHSTREAM_REPLAY_TOKEN or the file AUTHSTREAM_REPLAY_TOKEN_FILE names. */
    private LogStreamEmulator.Token token() {
        if (token != null && tokenFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Use --token or --token-file, not both.");
        }
        if (token != null) {
            return LogStreamEmulator.Token.of(token);
        }
        if (tokenFile != null && !java.nio.file.Files.isRegularFile(tokenFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-file " + tokenFile + " does not exist or is not a file.");
        }
        Config c = tokenFile != null ? Config.of(Map.of(TOKEN_KEY, Config.SECRET_FILE_PREFIX + tokenFile)) : Config.load(null);
        return LogStreamEmulator.Token.of(c.secret(TOKEN_KEY).map(Secret::value).orElse(null));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<byte[]> events;
        if (input.file != null) {
            events = EventFiles.read(input.file);
            out.println("replay: " + events.size() + " events from " + input.file);
        } else {
            Scenario s = Scenario.fromId(input.scenario);
            Instant end = Instant.now();
            Traffic t = new ScenarioGenerator(seed, tenant).generate(s, end.minus(Duration.ofMinutes(minutes)),
                    Duration.ofMinutes(minutes), normalPerMinute);
            events = t.events();
            out.println("replay: scenario " + s.id() + ", seed " + seed + ", " + events.size() + " events; " + t.facts());
        }
        out.flush();
        LogStreamEmulator.Options o = LogStreamEmulator.Options.defaults(url, token())
                .withFormat(ContentFormat.fromId(format)).withBatchSize(batch).withRate(rate)
                .withRetry(3, Duration.ofMillis(500), Duration.ofSeconds(5),
                        io.authstream.schemas.config.Config.parseDuration("--give-up-after", giveUpAfter));
        long[] lastPrint = {0};
        ReplaySummary s = new LogStreamEmulator(o).replay(events, p -> {
            long now = System.nanoTime();
            if (now - lastPrint[0] > 1_000_000_000L) {
                lastPrint[0] = now;
                err.printf("\rreplay: %d/%d sent, %d accepted, %d retries", p.sent(), p.events(), p.accepted(), p.retries());
                err.flush();
            }
        });
        err.println();
        out.println("replay: " + s.render());
        out.flush();
        return s.undelivered() == 0 ? 0 : 2;
    }
}
