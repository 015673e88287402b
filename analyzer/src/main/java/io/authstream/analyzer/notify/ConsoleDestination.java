package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.io.PrintStream;

/** Prints one readable line per alert (what {@code authstream local} shows). */
final class ConsoleDestination implements Destination {
    private final DestinationConfig config;
    private final PrintStream out;

    ConsoleDestination(DestinationConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    @Override
    public DestinationConfig config() {
        return config;
    }

    @Override
    public Attempt send(Alert alert) {
        out.println(Messages.line(alert));
        out.flush();
        return Attempt.OK;
    }
}
