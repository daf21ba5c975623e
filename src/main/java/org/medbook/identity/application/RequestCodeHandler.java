package org.medbook.identity.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medbook.identity.domain.ContactSender;
import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.OneTimeCodes;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.crypto.LookupHasher;
import org.medbook.shared.ratelimit.RateLimit;
import org.medbook.shared.ratelimit.RateLimiter;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;

/**
 * Sends a one-time code. The answer never says whether the destination has an account, and the
 * limits (per destination and per client address) are checked before anything is sent.
 */
@Component
@Validated
public class RequestCodeHandler {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContactNormalizer normalizer;
    private final OneTimeCodes codes;
    private final List<ContactSender> senders;
    private final RateLimiter rateLimiter;
    private final LookupHasher hasher;
    private final IdentityProperties.Otp otp;
    private final Clock clock;

    RequestCodeHandler(ContactNormalizer normalizer, OneTimeCodes codes, List<ContactSender> senders,
            RateLimiter rateLimiter, LookupHasher hasher, IdentityProperties properties, Clock clock) {
        this.normalizer = normalizer;
        this.codes = codes;
        this.senders = senders;
        this.rateLimiter = rateLimiter;
        this.hasher = hasher;
        this.otp = properties.otp();
        this.clock = clock;
    }

    public CodeRequestedView handle(@Valid RequestCodeCommand command) {
        Destination destination = normalizer.normalise(command.channel(), command.destination());
        List<ContactSender> able = senders.stream().filter(sender -> sender.supports(destination.channel())).toList();
        if (able.isEmpty()) {
            throw new MedbookException(ProblemKind.UNAVAILABLE, "channel-unavailable",
                    "Sign-in codes by " + destination.channel() + " are not available on this server");
        }
        RateLimiter.Decision decision = rateLimiter.acquire(limitsFor(destination, command.clientIp()));
        if (!decision.allowed()) {
            throw MedbookException.tooManyRequests("too-many-codes",
                    "Too many codes requested; try again later", decision.retryAfter());
        }
        String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
        Instant now = clock.instant();
        codes.replace(destination, code, now.plus(otp.codeTtl()), now);
        for (ContactSender sender : able) {
            sender.sendCode(destination, code, otp.codeTtl().toMinutes());
        }
        return new CodeRequestedView(otp.codeTtl().toSeconds(), otp.resendAfter().toSeconds());
    }

    private Map<String, RateLimit> limitsFor(Destination destination, String clientIp) {
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(hasher.hash("rate:otp", destination.value()));
        Map<String, RateLimit> limits = new LinkedHashMap<>();
        limits.put("otp:dest:resend:" + key, new RateLimit("otp-resend", 1, otp.resendAfter()));
        limits.put("otp:dest:hour:" + key, new RateLimit("otp-destination-hour", otp.perDestinationHour(), Duration.ofHours(1)));
        if (clientIp != null) {
            limits.put("otp:ip:" + clientIp, new RateLimit("otp-ip-hour", otp.perIpHour(), Duration.ofHours(1)));
        }
        return limits;
    }
}
