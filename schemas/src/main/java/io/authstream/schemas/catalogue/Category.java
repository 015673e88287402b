package io.authstream.schemas.catalogue;

import java.util.Arrays;

/** Our triage category of an event code. {@link #UNKNOWN} is for codes the catalogue lacks. */
public enum Category {
    RATE_LIMIT("rate-limit"),
    ATTACK_PROTECTION("attack-protection"),
    AUTH_FAILURE("auth-failure"),
    TOKEN_EXCHANGE_FAILURE("token-exchange-failure"),
    MFA_FAILURE("mfa-failure"),
    MANAGEMENT_API_FAILURE("management-api-failure"),
    ADMIN_CHANGE("admin-change"),
    SIGNUP("signup"),
    SUCCESS("success"),
    NOTIFICATION("notification"),
    OTHER("other"),
    UNKNOWN("unknown");

    private final String id;

    Category(String id) {
        this.id = id;
    }

    /** The kebab-case name used in data files, documents and alerts. */
    public String id() {
        return id;
    }

    public static Category fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown category '" + id + "' (known: "
                        + Arrays.stream(values()).map(Category::id).toList() + ")"));
    }
}
