package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Logger;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Console logs quote attacker-typed text; one event must not be able to forge a log line (review L2). */
class ConsoleLogFormatTest {

    @Test
    void controlCharactersInMessagesCannotForgeLines() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // a fresh context has none
        try {
            JoranConfigurator j = new JoranConfigurator();
            j.setContext(ctx);
            j.doConfigure(getClass().getResource("/logback.xml"));
            ((OutputStreamAppender<?>) ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).setOutputStream(captured);
            String hostile = "mallory\n12:00:00.000 ERROR [main] i.a.a.Analyzer - ALERT RESOLVED\r\u001b[2J\u202Eevil";
            ctx.getLogger("io.authstream.analyzer.stream.DeadLetters").warn("dead letter for user {}", hostile);
        } finally {
            ctx.stop();
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out.split("\n")).hasSize(1);
        assertThat(out).contains("dead letter for user mallory?12:00:00.000 ERROR").doesNotContain("\r").doesNotContain("\u001b")
                .doesNotContain("\u202E");
    }
}
