/** The {@code authstream} command: one picocli subcommand per component and {@code local} for all-in-one. Wiring only. */
package io.authstream.cli;
