package org.medbook.notifications.infrastructure;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

import com.interaso.webpush.CryptoKt;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;

import org.medbook.notifications.application.PushProperties;
import org.medbook.notifications.application.WebPushKey;
import org.medbook.shared.crypto.CryptoProperties;
import org.medbook.shared.crypto.LocalSecrets;
import org.springframework.stereotype.Component;

/**
 * The VAPID key pair (RFC 8292) that signs every Web Push request and that browsers subscribe
 * with. Configured keys are base64url of the raw P-256 public point and private scalar (the form
 * browsers and the common tools use). Without them a developer machine generates a pair once and
 * keeps it in the local secrets folder, so subscriptions survive a restart; the prod profile refuses
 * that (see ProductionReadiness).
 */
@Component
class VapidKeyring implements WebPushKey {

    static final String LOCAL_FILE = "web-push-vapid.properties";

    private final WebPush webPush;
    private final String publicKey;

    VapidKeyring(PushProperties properties, CryptoProperties crypto) {
        if (!properties.webPushEnabled()) {
            this.webPush = null;
            this.publicKey = null;
            return;
        }
        PushProperties.Vapid vapid = properties.vapid();
        String configuredPublic;
        String configuredPrivate;
        if (vapid.configured()) {
            configuredPublic = vapid.publicKey();
            configuredPrivate = vapid.privateKey();
            if (configuredPublic == null || configuredPublic.isBlank() || configuredPrivate == null || configuredPrivate.isBlank()) {
                throw new IllegalStateException("Set both MEDBOOK_VAPID_PUBLIC_KEY and MEDBOOK_VAPID_PRIVATE_KEY, or neither");
            }
        } else {
            Properties local = new Properties();
            try {
                local.load(new java.io.StringReader(new LocalSecrets(crypto.devSecretsDir())
                        .getOrCreate(LOCAL_FILE, VapidKeyring::newPair)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Cannot read the local VAPID key pair", e);
            }
            configuredPublic = local.getProperty("publicKey");
            configuredPrivate = local.getProperty("privateKey");
        }
        VapidKeys keys = keys(configuredPublic.strip(), configuredPrivate.strip());
        this.webPush = new WebPush(vapid.subject(), keys);
        this.publicKey = encode(keys.getApplicationServerKey());
    }

    @Override
    public Optional<String> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** Empty when Web Push is switched off. */
    Optional<WebPush> webPush() {
        return Optional.ofNullable(webPush);
    }

    private static VapidKeys keys(String publicBase64Url, String privateBase64Url) {
        try {
            byte[] point = Base64.getUrlDecoder().decode(publicBase64Url);
            byte[] scalar = Base64.getUrlDecoder().decode(privateBase64Url);
            if (point.length != 65 || point[0] != 0x04 || scalar.length != 32) {
                throw new GeneralSecurityException("wrong key lengths");
            }
            ECParameterSpec p256 = p256();
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(
                    new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65))), p256));
            ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), p256));
            if (!CryptoKt.areKeysValidPair(privateKey, publicKey)) {
                throw new GeneralSecurityException("the keys are not one pair");
            }
            return new VapidKeys(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The VAPID keys must be base64url of a P-256 public point (65 bytes) and "
                    + "its private scalar (32 bytes): " + e.getMessage(), e);
        }
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static String newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = generator.generateKeyPair();
            ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
            ECPrivateKey privateKey = (ECPrivateKey) pair.getPrivate();
            byte[] point = new byte[65];
            point[0] = 0x04;
            System.arraycopy(unsigned(publicKey.getW().getAffineX(), 32), 0, point, 1, 32);
            System.arraycopy(unsigned(publicKey.getW().getAffineY(), 32), 0, point, 33, 32);
            return "# Web Push (VAPID) key pair of this development machine\n"
                    + "publicKey=" + encode(point) + "\nprivateKey=" + encode(unsigned(privateKey.getS(), 32)) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a VAPID key pair", e);
        }
    }

    /** A big-endian unsigned integer in exactly {@code length} bytes. */
    static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, fixed, length - copy, copy);
        return fixed;
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
