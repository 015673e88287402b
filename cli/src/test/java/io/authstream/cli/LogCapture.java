package io.authstream.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;

/** Runs one of the shipped logback configurations in a context of its own and returns what its appender wrote. */
final class LogCapture {
    private LogCapture() {
    }

    static String run(String resource, String appender, Consumer<LoggerContext> logging) throws JoranException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // a fresh context has none
        try {
            JoranConfigurator j = new JoranConfigurator();
            j.setContext(ctx);
            j.doConfigure(LogCapture.class.getResource(resource));
            ((OutputStreamAppender<?>) ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(appender)).setOutputStream(captured);
            logging.accept(ctx);
        } finally {
            ctx.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
