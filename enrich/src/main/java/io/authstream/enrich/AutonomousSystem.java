package io.authstream.enrich;

/**
 * The network that announces an address, as ECS {@code source.as.*} names it.
 *
 * @param number           {@code source.as.number}
 * @param organizationName {@code source.as.organization.name}
 */
public record AutonomousSystem(long number, String organizationName) {
}
