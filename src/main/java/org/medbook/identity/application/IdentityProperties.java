package org.medbook.identity.application;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.medbook.identity.domain.StaffSessionLimits;
import org.medbook.shared.http.HttpTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Everything the identity module can be told, under {@code medbook.identity}. */
@Validated
@ConfigurationProperties("medbook.identity")
public record IdentityProperties(@Valid @NotNull Otp otp, @Valid @NotNull Tokens tokens, @Valid @NotNull Google google,
                                 @Valid @NotNull Sms sms, @Valid @NotNull Staff staff,
                                 @Valid @NotNull BootstrapAdmin bootstrapAdmin,
                                 @Valid @NotNull @DefaultValue Revocations revocations) {

    /**
     * @param codeTtl            how long a code is valid
     * @param maxAttempts        wrong tries that kill a code
     * @param resendAfter        minimum time between two codes to one destination
     * @param perDestinationHour codes one destination may receive per hour
     * @param perIpHour          codes one client IP may request per hour
     * @param verifyPerIpHour    verification attempts one client IP may make per hour
     * @param logCodes           also write codes to the log (local development only; refused in prod)
     */
    public record Otp(@DefaultValue("PT5M") Duration codeTtl, @DefaultValue("5") @Min(1) int maxAttempts,
                      @DefaultValue("PT60S") Duration resendAfter, @DefaultValue("5") @Min(1) int perDestinationHour,
                      @DefaultValue("30") @Min(1) int perIpHour, @DefaultValue("120") @Min(1) int verifyPerIpHour,
                      @DefaultValue("false") boolean logCodes) {
    }

    /**
     * @param accessTokenTtl     at most 15 minutes
     * @param refreshTokenTtl    lifetime of one refresh token (each use rotates it)
     * @param privateKey         PKCS#8 PEM RSA key that signs access tokens
     * @param keyId              the {@code kid} of that key
     * @param previousPublicKeys X.509 PEM public keys still accepted during a rotation
     */
    public record Tokens(@DefaultValue("https://medbook.org") String issuer, @DefaultValue("medbook-api") String audience,
                         @DefaultValue("PT10M") Duration accessTokenTtl, @DefaultValue("P30D") Duration refreshTokenTtl,
                         @DefaultValue("PT5M") Duration passwordChangeTokenTtl, String privateKey, String keyId,
                         List<String> previousPublicKeys) {

        public Tokens {
            if (accessTokenTtl.compareTo(Duration.ofMinutes(15)) > 0 || accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
                throw new IllegalArgumentException("medbook.identity.tokens.access-token-ttl must be positive and at most 15 minutes");
            }
            previousPublicKeys = previousPublicKeys == null ? List.of() : previousPublicKeys.stream().filter(key -> !key.isBlank()).toList();
        }

        /** How far a token's {@code exp} and {@code nbf} may be off our clock and still be accepted. */
        public static final Duration ACCEPTED_CLOCK_SKEW = Duration.ofSeconds(30);

        /** The longest any access token we issued can still be accepted: how long a revocation must be kept. */
        public Duration longestAccessTokenLife() {
            Duration longest = accessTokenTtl.compareTo(passwordChangeTokenTtl) >= 0 ? accessTokenTtl : passwordChangeTokenTtl;
            return longest.plus(ACCEPTED_CLOCK_SKEW);
        }
    }

    /**
     * @param clientIds      OAuth client ids whose ID tokens we accept ({@code aud})
     * @param nonceTtl       how long a sign-in nonce we hand out may be used (once)
     * @param noncePerIpHour nonces one client IP may request per hour
     */
    public record Google(@DefaultValue("https://www.googleapis.com/oauth2/v3/certs") String jwksUri,
                         @DefaultValue({"https://accounts.google.com", "accounts.google.com"}) List<String> issuers,
                         List<String> clientIds, @DefaultValue("PT5M") Duration nonceTtl,
                         @DefaultValue("60") @Min(1) int noncePerIpHour,
                         @DefaultValue("PT3S") Duration connectTimeout, @DefaultValue("PT3S") Duration readTimeout) {

        /** Of the calls that fetch Google's signing keys. */
        public HttpTimeouts timeouts() {
            return new HttpTimeouts(connectTimeout, readTimeout);
        }

        public Google {
            clientIds = clientIds == null ? List.of() : clientIds.stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
        }

        public boolean enabled() {
            return !clientIds.isEmpty();
        }
    }

    /** Twilio's Messages API; SMS is offered only when an account is configured. */
    public record Sms(@DefaultValue("https://api.twilio.com") String baseUrl, String accountSid, String authToken,
                      String from, @DefaultValue("PT3S") Duration connectTimeout,
                      @DefaultValue("PT5S") Duration readTimeout) {

        public HttpTimeouts timeouts() {
            return new HttpTimeouts(connectTimeout, readTimeout);
        }

        public boolean enabled() {
            return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank()
                    && from != null && !from.isBlank();
        }
    }

    /**
     * @param mfa             whether staff must have a second factor: {@code optional} (they may enrol one)
     *                        or {@code required} (a sign-in without one can only enrol one)
     * @param mfaChallengeTtl how long the password step of a two-step sign-in stays good for the second
     * @param sessionMaxAge   absolute lifetime of a staff session from its sign-in
     * @param sessionIdle     a staff session not refreshed for this long ends
     */
    public record Staff(@DefaultValue("PT72H") Duration temporaryPasswordTtl,
                        @DefaultValue("5") @Min(1) @Max(100) int freeLoginFailures,
                        @DefaultValue("PT30S") Duration firstLock, @DefaultValue("PT1H") Duration maxLock,
                        @DefaultValue("optional") @NotNull Mfa mfa, @DefaultValue("PT5M") Duration mfaChallengeTtl,
                        @DefaultValue("PT12H") Duration sessionMaxAge, @DefaultValue("PT30M") Duration sessionIdle) {

        public enum Mfa { OPTIONAL, REQUIRED }

        public StaffSessionLimits sessionLimits() {
            return new StaffSessionLimits(sessionMaxAge, sessionIdle);
        }
    }

    /**
     * How each node keeps its copy of the revoked sessions current. PostgreSQL notifies every node at
     * once; the poll is the safety net for notifications lost while a node's listening connection was
     * down.
     *
     * @param pollEvery      how often the recent revocations are read again
     * @param firstReconnect wait before reconnecting a lost listening connection, doubled each failure
     * @param maxReconnect   longest wait between reconnection attempts
     */
    public record Revocations(@DefaultValue("PT5S") Duration pollEvery, @DefaultValue("PT1S") Duration firstReconnect,
                              @DefaultValue("PT30S") Duration maxReconnect) {
    }

    public record BootstrapAdmin(String email, String password) {

        public boolean configured() {
            return email != null && !email.isBlank() && password != null && !password.isBlank();
        }
    }
}
