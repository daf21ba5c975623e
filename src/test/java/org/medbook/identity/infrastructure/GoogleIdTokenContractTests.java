package org.medbook.identity.infrastructure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.identity.application.GoogleIdTokens.GoogleIdentity;
import org.medbook.identity.application.IdentityProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Google ID tokens pinned by the example payload in Google's OpenID Connect documentation (issuer,
 * audience and authorised party, a numeric-string subject, {@code email_verified} as the string
 * {@code "true"}, {@code iat}/{@code exp} in 2012 and a nonce), signed RS256 under a key id served as
 * a JWKS, read with the issuers and skew the application uses by default. The clock is the
 * example's own time, so the check does not depend on when it runs.
 */
class GoogleIdTokenContractTests {

    static final String CLIENT_ID = "1234987819200.apps.googleusercontent.com";
    static final String NONCE = "0394852-3190485-2490358";
    static final String DOCUMENTED = """
            {
              "iss": "https://accounts.google.com",
              "azp": "1234987819200.apps.googleusercontent.com",
              "aud": "1234987819200.apps.googleusercontent.com",
              "sub": "10769150350006150715113082367",
              "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q",
              "hd": "example.com",
              "email": "jsmith@example.com",
              "email_verified": "true",
              "iat": 1353601026,
              "exp": 1353604926,
              "nonce": "0394852-3190485-2490358"
            }""";
    static final Instant ISSUED = Instant.ofEpochSecond(1_353_601_026L);
    static final Instant EXPIRES = Instant.ofEpochSecond(1_353_604_926L);

    private static final KeyPair KEYS = rsa();

    private HttpServer google;

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void googleKeys() throws IOException {
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) KEYS.getPublic()).keyID("google-key-1").build())
                .toString(true);
        google = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        google.createContext("/oauth2/v3/certs", exchange -> {
            byte[] bytes = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        google.start();
    }

    @AfterEach
    void stop() {
        google.stop(0);
    }

    /** The application's Google settings as bound from configuration, defaults (issuers) included. */
    private GoogleJwksIdTokens tokens(Instant now) {
        IdentityProperties.Google settings = new Binder(new MapConfigurationPropertySource(Map.of(
                "medbook.identity.google.jwks-uri", "http://127.0.0.1:" + google.getAddress().getPort() + "/oauth2/v3/certs",
                "medbook.identity.google.client-ids", CLIENT_ID)))
                .bind("medbook.identity.google", IdentityProperties.Google.class).get();
        return new GoogleJwksIdTokens(new IdentityProperties(null, null, settings, null, null, null, null),
                Clock.fixed(now, ZoneOffset.UTC), org.medbook.shared.http.ProviderHttpClients.standalone());
    }

    private static String signed(String payload) throws Exception {
        JWSObject token = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("google-key-1")
                .type(JOSEObjectType.JWT).build(), new Payload(payload));
        token.sign(new RSASSASigner((RSAPrivateKey) KEYS.getPrivate()));
        return token.serialize();
    }

    @Test
    void theDocumentedTokenSignsInItsSubjectWithAVerifiedEmail() throws Exception {
        Optional<GoogleIdentity> identity = tokens(ISSUED.plusSeconds(60)).verify(signed(DOCUMENTED));

        // the nonce is handed on as it is: whether we issued it is the sign-in's business
        assertThat(identity).contains(new GoogleIdentity("10769150350006150715113082367", "jsmith@example.com", true, null,
                NONCE));
    }

    @Test
    void bothIssuerSpellingsGoogleDocumentsAreAccepted() throws Exception {
        String bare = DOCUMENTED.replace("\"https://accounts.google.com\"", "\"accounts.google.com\"");

        assertThat(tokens(ISSUED.plusSeconds(60)).verify(signed(bare))).isPresent();
    }

    @Test
    void eachRequiredClaimIsChecked() throws Exception {
        GoogleJwksIdTokens duringLife = tokens(ISSUED.plusSeconds(60));

        assertThat(duringLife.verify(signed(DOCUMENTED.replace("\"aud\": \"1234987819200", "\"aud\": \"999"))))
                .as("another audience").isEmpty();
        assertThat(duringLife.verify(signed(DOCUMENTED.replace("https://accounts.google.com", "https://accounts.example.com"))))
                .as("another issuer").isEmpty();
        assertThat(duringLife.verify(signed(DOCUMENTED.replace("\"exp\": 1353604926,", "")))).as("no expiry").isEmpty();
        assertThat(duringLife.verify(signed(DOCUMENTED.replace("\"sub\": \"10769150350006150715113082367\",", ""))))
                .as("no subject").isEmpty();
        assertThat(duringLife.verify(signed(DOCUMENTED.replace("\"email_verified\": \"true\"", "\"email_verified\": \"false\"")))
                .map(GoogleIdentity::emailVerified)).contains(false);
        assertThat(duringLife.verify(signed(DOCUMENTED.replace(",\n  \"nonce\": \"0394852-3190485-2490358\"", ""))))
                .as("no nonce: verified, and handed on without one").get().extracting(GoogleIdentity::nonce).isNull();
        assertThat(tokens(EXPIRES.plusSeconds(31)).verify(signed(DOCUMENTED))).as("expired, past the skew").isEmpty();
        assertThat(tokens(EXPIRES.plusSeconds(29)).verify(signed(DOCUMENTED))).as("within the 30 s skew").isPresent();
    }
}
