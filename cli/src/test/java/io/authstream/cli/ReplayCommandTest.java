package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.authstream.embedded.emulator.LogStreamEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
    private static final String TOKEN = "replay-token-SECRET-4242";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startReceiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Test
    void sendsTheTokenFromATokenFileWithoutItOnTheCommandLineOrInTheOutput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        assertThat(run("replay", "--url", url(), "--token-file", file.toString(), "--scenario", "normal", "--minutes", "1",
                "--normal-rate", "5")).as(err.toString()).isZero();

        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo(TOKEN));
        assertThat(out.toString() + err.toString()).doesNotContain(TOKEN);
    }

    @Test
    void refusesAMissingTokenFileAndBothTokenOptions(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");

        assertThat(run("replay", "--url", url(), "--token-file", missing.toString(), "--scenario", "normal")).isNotZero();
        assertThat(err.toString()).contains("--token-file " + missing + " does not exist");
        assertThat(run("replay", "--url", url(), "--token", "a", "--token-file", missing.toString(), "--scenario", "normal"))
                .isNotZero();
        assertThat(err.toString()).contains("Use --token or --token-file, not both.");
        assertThat(authorizations).isEmpty();
    }

    @Test
    void neverShowsTheTokenInTheEmulatorOptions() {
        LogStreamEmulator.Options o = LogStreamEmulator.Options.defaults(URI.create(url()), TOKEN);

        assertThat(o.toString()).doesNotContain(TOKEN).contains("authorization=****");
        assertThat(o.authorization().value()).isEqualTo(TOKEN);
        assertThat(LogStreamEmulator.Options.defaults(URI.create(url()), (String) null).authorization().isEmpty()).isTrue();
    }
}
