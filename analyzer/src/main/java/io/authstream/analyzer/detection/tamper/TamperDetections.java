package io.authstream.analyzer.detection.tamper;

import io.authstream.analyzer.detection.Detection;
import io.authstream.schemas.config.Config;
import java.time.Duration;
import java.util.List;

/** Builds this package's detections from configuration, in documentation order. */
public final class TamperDetections {
    /** Their names, in documentation order. */
    public static final List<String> NAMES = List.of(AttackProtectionWeakened.NAME, MfaDowngraded.NAME,
            LogStreamTampering.NAME, TenantMembership.NAME, ManagementApiGrant.NAME, LoginPipelineChanged.NAME,
            InsecureApplication.NAME, AccountTakeover.NAME);

    private TamperDetections() {
    }

    /** @param grace grace of every window unless {@code analyzer.detections.<name>.grace} says otherwise */
    public static List<Detection> build(Config config, Duration grace) {
        java.util.function.Function<String, Settings> s = n -> new Settings(config, n, grace);
        return List.of(new AttackProtectionWeakened(s.apply(AttackProtectionWeakened.NAME)),
                new MfaDowngraded(s.apply(MfaDowngraded.NAME)),
                new LogStreamTampering(s.apply(LogStreamTampering.NAME)),
                new TenantMembership(s.apply(TenantMembership.NAME)),
                new ManagementApiGrant(s.apply(ManagementApiGrant.NAME)),
                new LoginPipelineChanged(s.apply(LoginPipelineChanged.NAME)),
                new InsecureApplication(s.apply(InsecureApplication.NAME)),
                new AccountTakeover(s.apply(AccountTakeover.NAME)));
    }
}
