package io.authstream.schemas.config;

/** A configuration value is missing or wrong; the message names the key and reads as a sentence. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
