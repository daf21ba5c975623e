package org.medbook.identity.infrastructure;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import org.medbook.identity.application.IdentityProperties;
import org.medbook.shared.crypto.CryptoProperties;
import org.medbook.shared.crypto.LocalSecrets;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA key that signs access tokens (with its {@code kid}), plus older public keys still
 * accepted while a rotation is under way. Without a configured key a development key is generated
 * once and kept in the local secrets folder; the prod profile refuses that.
 */
final class JwtKeys {

    private final RSAKey signingKey;
    private final List<RSAKey> verificationKeys;
    private final boolean generated;

    private JwtKeys(RSAKey signingKey, List<RSAKey> verificationKeys, boolean generated) {
        this.signingKey = signingKey;
        this.verificationKeys = verificationKeys;
        this.generated = generated;
    }

    static JwtKeys load(IdentityProperties.Tokens tokens, CryptoProperties crypto) {
        boolean generated = tokens.privateKey() == null || tokens.privateKey().isBlank();
        String pem = generated
                ? new LocalSecrets(crypto.devSecretsDir()).getOrCreate("jwt-signing-key.pem", JwtKeys::newPrivateKeyPem)
                : tokens.privateKey();
        try {
            RSAPrivateKey privateKey = RsaKeyConverters.pkcs8()
                    .convert(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.UTF_8)));
            RSAPublicKey publicKey = publicKeyOf(privateKey);
            RSAKey.Builder builder = new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256);
            RSAKey key = tokens.keyId() == null || tokens.keyId().isBlank()
                    ? builder.keyIDFromThumbprint().build() : builder.keyID(tokens.keyId()).build();
            List<RSAKey> verification = new ArrayList<>();
            verification.add(key.toPublicJWK());
            for (String previous : tokens.previousPublicKeys()) {
                RSAPublicKey old = RsaKeyConverters.x509()
                        .convert(new ByteArrayInputStream(previous.strip().getBytes(StandardCharsets.UTF_8)));
                verification.add(new RSAKey.Builder(old).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyIDFromThumbprint().build());
            }
            return new JwtKeys(key, List.copyOf(verification), generated);
        } catch (GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            throw new IllegalStateException("medbook.identity.tokens.private-key is not a PKCS#8 PEM RSA private key", e);
        }
    }

    RSAKey signingKey() {
        return signingKey;
    }

    List<RSAKey> verificationKeys() {
        return verificationKeys;
    }

    boolean generated() {
        return generated;
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateKey privateKey) throws GeneralSecurityException {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("the RSA private key must include its CRT parameters");
        }
        BigInteger exponent = crt.getPublicExponent();
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), exponent));
    }

    private static String newPrivateKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a development signing key", e);
        }
    }
}
