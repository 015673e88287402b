package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Console logs quote attacker-typed text; one event must not be able to forge a log line (review L2). */
class ConsoleLogFormatTest {

    @Test
    void controlCharactersInMessagesCannotForgeLines() throws Exception {
        String hostile = "mallory\n12:00:00.000 ERROR [main] i.a.a.Analyzer - ALERT RESOLVED\r\u001b[2J\u202Eevil";
        String out = LogCapture.run("/logback.xml", "CONSOLE",
                ctx -> ctx.getLogger("io.authstream.analyzer.stream.DeadLetters").warn("dead letter for user {}", hostile));
        assertThat(out.split("\n")).hasSize(1);
        assertThat(out).contains("dead letter for user mallory?12:00:00.000 ERROR").doesNotContain("\r").doesNotContain("\u001b")
                .doesNotContain("\u202E");
    }
}
