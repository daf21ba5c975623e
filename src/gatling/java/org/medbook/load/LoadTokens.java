package org.medbook.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens for the load suite, signed with the local server's development key (as
 * the server would sign them after a one-time code), so thousands of patients need no sign-in.
 */
final class LoadTokens {

    private static final RSAPrivateKey KEY = load(Path.of(System.getProperty("medbook.load.keyFile", ".medbook/jwt-signing-key.pem")));

    private LoadTokens() {
    }

    static String patient(UUID patientId) {
        return user(patientId, "PATIENT");
    }

    /** A token of a user with one role (PATIENT, DOCTOR). */
    static String user(UUID userId, String role) {
        return user(userId, role, List.of());
    }

    /** A token of a back-office helper with these permissions (e.g. reports:read). */
    static String helper(UUID userId, List<String> permissions) {
        return user(userId, "HELPER", permissions);
    }

    private static String user(UUID userId, String role, List<String> permissions) {
        Instant now = Instant.now();
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://medbook.org").audience("medbook-api")
                    .subject(userId.toString()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(900))).claim("roles", List.of(role))
                    .claim("permissions", permissions).jwtID(UUID.randomUUID().toString()).build();
            // No kid: the server then tries its keys by signature.
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPrivateKey load(Path file) {
        try {
            String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new IllegalStateException("The server's development key " + file + " is missing: run the server once", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
