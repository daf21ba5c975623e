package org.medbook.identity.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.medbook.identity.domain.SignInNonces;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ratelimit.RateLimit;
import org.medbook.shared.ratelimit.RateLimiter;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands out the nonce a Google sign-in starts with: short-lived, single use, limited per client
 * address like one-time codes, so nobody can stock up on them.
 */
@Component
public class GoogleNonceHandler {

    private final SignInNonces nonces;
    private final RateLimiter rateLimiter;
    private final IdentityProperties.Google google;
    private final Clock clock;

    GoogleNonceHandler(SignInNonces nonces, RateLimiter rateLimiter, IdentityProperties properties, Clock clock) {
        this.nonces = nonces;
        this.rateLimiter = rateLimiter;
        this.google = properties.google();
        this.clock = clock;
    }

    @Transactional
    public GoogleNonceView handle(String clientIp) {
        if (!google.enabled()) {
            throw GoogleSignInHandler.unavailable();
        }
        if (clientIp != null) {
            RateLimiter.Decision decision = rateLimiter.acquire(Map.of("google-nonce:ip:" + clientIp,
                    new RateLimit("google-nonce-ip-hour", google.noncePerIpHour(), Duration.ofHours(1))));
            if (!decision.allowed()) {
                throw MedbookException.tooManyRequests("too-many-nonces", "Too many sign-in attempts started; try again later",
                        decision.retryAfter());
            }
        }
        Instant now = clock.instant();
        return new GoogleNonceView(nonces.issue(now.plus(google.nonceTtl())), google.nonceTtl().toSeconds());
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    void purgeExpired() {
        nonces.purge(clock.instant());
    }
}
