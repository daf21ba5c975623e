package org.medbook.notifications.infrastructure;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.medbook.shared.http.HttpAnswer;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth 2 access tokens for FCM from a service account: the JWT bearer grant (RFC 7523), an
 * RS256 assertion signed with the account's key and posted to its token URI. A token is reused
 * until five minutes before it expires; one sign-in at a time refreshes it for every sender.
 */
final class FcmAccessTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private final FcmServiceAccount account;
    private final RestClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Token current;

    private record Token(String value, Instant refreshAt) {
    }

    FcmAccessTokens(FcmServiceAccount account, RestClient http, JsonMapper json, Clock clock) {
        this.account = account;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** @throws SignInFailed when Google did not hand out a token */
    String token() {
        Token token = current;
        if (token != null && clock.instant().isBefore(token.refreshAt())) {
            return token.value();
        }
        refreshing.lock();
        try {
            token = current;
            if (token != null && clock.instant().isBefore(token.refreshAt())) {
                return token.value();
            }
            current = signIn();
            return current.value();
        } finally {
            refreshing.unlock();
        }
    }

    /** FCM refused the token (revoked, clock skew): the next send signs in again. */
    void discard(String token) {
        Token known = current;
        if (known != null && known.value().equals(token)) {
            current = null;
        }
    }

    private Token signIn() {
        Instant now = clock.instant();
        String form = "grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion(now), StandardCharsets.UTF_8);
        HttpAnswer response;
        try {
            response = http.post().uri(URI.create(account.tokenUri()))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form)
                    .exchange((request, answer) -> HttpAnswer.of(answer));
        } catch (RestClientException e) {
            throw new SignInFailed("token endpoint unreachable: " + HttpAnswer.causeOf(e), true);
        }
        int status = response.status();
        JsonNode body = parse(response.body());
        if (status != 200) {
            String error = body.path("error").asString("") + " " + body.path("error_description").asString("");
            throw new SignInFailed("the token endpoint answered " + status + " " + error.strip(),
                    status == 429 || status >= 500);
        }
        String accessToken = body.path("access_token").asString("");
        if (accessToken.isEmpty()) {
            throw new SignInFailed("the token endpoint answered without an access_token", true);
        }
        long expiresIn = body.path("expires_in").asLong(3600);
        return new Token(accessToken, now.plusSeconds(expiresIn).minus(REFRESH_BEFORE));
    }

    private String assertion(Instant now) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
        if (account.privateKeyId() != null) {
            header.keyID(account.privateKeyId());
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(account.clientEmail())
                .claim("scope", SCOPE)
                .audience(account.tokenUri())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(new RSASSASigner(account.privateKey()));
        } catch (JOSEException e) {
            throw new SignInFailed("cannot sign the assertion: " + e.getMessage(), false);
        }
        return jwt.serialize();
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException notJson) {
            return json.createObjectNode();
        }
    }

    /** No access token; {@code passing} when a later attempt may succeed (timeout, 5xx). */
    static final class SignInFailed extends RuntimeException {

        private final boolean passing;

        SignInFailed(String reason, boolean passing) {
            super(reason);
            this.passing = passing;
        }

        boolean passing() {
            return passing;
        }
    }
}
