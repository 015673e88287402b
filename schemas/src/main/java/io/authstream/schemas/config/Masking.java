package io.authstream.schemas.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one rule for what a log line, a {@code toString()} or a printed configuration may show of a
 * setting. Every component's masked output goes through {@link #value(String, String)}.
 *
 * <p>A key is secret when it was read through {@link Config#secret(String)} (or another secret
 * getter, or {@link #declare(String)}) by any component in this process, or, as a safety net for
 * keys no one has read yet and for raw {@code kafka.*} client settings, when its name looks
 * secret: it ends in {@code .key}, or contains password, passphrase, secret, token, salt,
 * api-key, credential, authorization, private-key, sasl.jaas, user-info or webhook, or it is a
 * notifier destination URL ({@code notifier.destinations.<id>.url}, the Slack webhook). The value
 * of a secret key is shown as {@value #MASK}. In every other value, PEM private-key blocks, the
 * password of URL user-info ({@code https://user:pw@host}) and Slack webhook paths are masked.
 *
 * <p>Trap: the registry is filled as keys are read, so a configuration logged before the
 * components have loaded theirs relies on the name patterns alone: load, then log.
 */
public final class Masking {
    public static final String MASK = "****";

    /** Secret keys, as dotted keys and as their {@code AUTHSTREAM_*} environment names. */
    private static final Set<String> DECLARED = ConcurrentHashMap.newKeySet();

    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "passphrase", "secret", "token", "salt",
            "credential", "authorization", "apikey", "privatekey", "routingkey", "integrationkey", "sasljaas",
            "userinfo", "webhook");
    /** A notifier destination's URL: for Slack it is the credential (anyone holding it can post). */
    private static final Pattern DESTINATION_URL = Pattern.compile("(authstream-)?notifier-destinations-[a-z0-9_-]+-url");
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|\\z)", Pattern.DOTALL);
    /** {@code scheme://user:password@}: group 1 keeps the scheme and user. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:)[^@/\\s]+@");
    /** Everything after the host of a Slack incoming-webhook or workflow URL is the secret. */
    private static final Pattern SLACK_HOOK = Pattern.compile("(hooks\\.slack(?:-gov)?\\.com/)[^\\s\"',;)\\]}]+");

    private Masking() {
    }

    /** Marks {@code key} secret for every masked print in this process (what {@link Config#secret} does). */
    public static void declare(String key) {
        DECLARED.add(key);
        DECLARED.add(Config.envName(key));
    }

    /** Whether the value of {@code key} (dotted, or an {@code AUTHSTREAM_*} variable name) must never be shown. */
    public static boolean isSecret(String key) {
        return DECLARED.contains(key) || looksSecret(key);
    }

    /** What may be shown of {@code value} under {@code key}: {@value #MASK} for a secret key, else {@link #inValue}. */
    public static String value(String key, String value) {
        if (value == null) {
            return null;
        }
        return isSecret(key) ? MASK : inValue(value);
    }

    /** {@code value} with PEM private keys, URL passwords and Slack webhook paths masked, whatever its key. */
    public static String inValue(String value) {
        if (value == null) {
            return null;
        }
        String v = PEM_PRIVATE_KEY.matcher(value).replaceAll(MASK);
        v = URL_PASSWORD.matcher(v).replaceAll("$1" + MASK + "@");
        return SLACK_HOOK.matcher(v).replaceAll("$1" + MASK);
    }

    /**
     * Client settings under {@code prefix} (such as {@code kafka}, keys without the prefix), sorted,
     * each value as {@link #value} shows it.
     */
    public static Map<String, String> map(String prefix, Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, isSecret(prefix + "." + k) || isSecret(k) ? MASK : inValue(v)));
        return out;
    }

    /** The name-pattern safety net; words may be separated by {@code -}, {@code _}, {@code .} or nothing. */
    static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
        if (k.endsWith("-key") || DESTINATION_URL.matcher(k).matches()) {
            return true;
        }
        String squashed = k.replace("-", "");
        for (String word : SECRET_WORDS) {
            if (squashed.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
