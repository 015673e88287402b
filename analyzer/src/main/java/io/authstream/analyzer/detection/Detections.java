package io.authstream.analyzer.detection;

import io.authstream.analyzer.detection.tamper.TamperDetections;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.config.Config;
import java.time.Duration;
import java.util.List;

/** Builds all twelve detections from configuration (validating every setting as it goes). */
public final class Detections {
    /** Every detection name, in documentation order. */
    public static final List<String> NAMES = List.of(RateLimitHit.NAME, AttackProtectionTriggered.NAME,
            CredentialStuffing.NAME, BruteForce.NAME, FailureSpike.NAME, BreachedPassword.NAME, ManagementApiFailures.NAME,
            MfaAbuse.NAME, SignupSurge.NAME, RefreshTokenReuse.NAME, StreamSilence.NAME, UnknownEventCode.NAME);

    private Detections() {
    }

    /**
     * @param defaultGrace grace of every window unless {@code analyzer.detections.<name>.grace} says otherwise
     * @param updates      whether alerts emit updates as their count doubles, unless a detection says otherwise
     */
    public static List<Detection> build(Config config, EventCatalogue catalogue, Duration defaultGrace, boolean updates) {
        java.util.function.Function<String, Knobs> k = n -> new Knobs(config, n, defaultGrace, updates);
        List<Detection> builtIn = List.of(
                new RateLimitHit(k.apply(RateLimitHit.NAME)),
                new AttackProtectionTriggered(k.apply(AttackProtectionTriggered.NAME)),
                new CredentialStuffing(k.apply(CredentialStuffing.NAME), catalogue),
                new BruteForce(k.apply(BruteForce.NAME), catalogue),
                new FailureSpike(k.apply(FailureSpike.NAME)),
                new BreachedPassword(k.apply(BreachedPassword.NAME)),
                new ManagementApiFailures(k.apply(ManagementApiFailures.NAME), catalogue),
                new MfaAbuse(k.apply(MfaAbuse.NAME), catalogue),
                new SignupSurge(k.apply(SignupSurge.NAME)),
                new RefreshTokenReuse(k.apply(RefreshTokenReuse.NAME)),
                new StreamSilence(k.apply(StreamSilence.NAME)),
                new UnknownEventCode(k.apply(UnknownEventCode.NAME)));
        return java.util.stream.Stream.concat(builtIn.stream(), TamperDetections.build(config, defaultGrace).stream()).toList();
    }
}
