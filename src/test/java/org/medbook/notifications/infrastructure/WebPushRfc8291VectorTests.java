package org.medbook.notifications.infrastructure;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.notifications.WebPushReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Web Push encryption pinned by the example of RFC 8291, Appendix A. The library we send with
 * (com.interaso:webpush) draws its own salt and ephemeral key, so it cannot reproduce the
 * example's bytes; instead the tests' own browser stand-in ({@link WebPushReceiver}, written from
 * RFC 8291 and RFC 8188 with plain JDK crypto) must decrypt the RFC's message, header layout
 * included (salt | rs = 4096 | idlen = 65 | the sender's key). Every push the application sends in
 * the other tests is decrypted by that same receiver, so what we send is checked against the RFC,
 * not against the library itself.
 */
class WebPushRfc8291VectorTests {

    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
            + "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    static byte[] b64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    static WebPushReceiver.Subscription rfcSubscription() throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        byte[] point = b64(UA_PUBLIC);
        KeyFactory keys = KeyFactory.getInstance("EC");
        ECPublicKey publicKey = (ECPublicKey) keys.generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65))), curve));
        ECPrivateKey privateKey = (ECPrivateKey) keys.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, b64(UA_PRIVATE)), curve));
        return new WebPushReceiver.Subscription("http://127.0.0.1/push/rfc8291", new KeyPair(publicKey, privateKey), b64(AUTH_SECRET));
    }

    static WebPushReceiver.Received pushOf(byte[] body) {
        return new WebPushReceiver.Received("POST", "/push/rfc8291", Map.of("Content-Encoding", "aes128gcm"), body);
    }

    @Test
    void theBrowserStandInDecryptsTheRfcExample() throws Exception {
        WebPushReceiver.Subscription subscription = rfcSubscription();

        assertThat(subscription.p256dh()).as("p256dh is the uncompressed point, base64url").isEqualTo(UA_PUBLIC);
        assertThat(subscription.authSecret()).isEqualTo(AUTH_SECRET);
        assertThat(pushOf(b64(BODY)).decryptedFor(subscription)).isEqualTo(PLAINTEXT);
    }

    @Test
    void theRfcExampleHasTheHeaderLayoutTheStandInDemands() {
        byte[] body = b64(BODY);

        assertThat(Arrays.copyOfRange(body, 0, 16)).isEqualTo(b64(SALT));
        assertThat(Arrays.copyOfRange(body, 16, 20)).as("rs = 4096, big-endian").containsExactly(0, 0, 0x10, 0);
        assertThat(body[20]).as("idlen").isEqualTo((byte) 65);
        assertThat(Arrays.copyOfRange(body, 21, 86)).as("keyid: the sender's public key").isEqualTo(b64(AS_PUBLIC));
    }

    @Test
    void aChangedByteOrAnotherAuthSecretDoesNotDecrypt() throws Exception {
        WebPushReceiver.Subscription subscription = rfcSubscription();
        byte[] tampered = b64(BODY);
        tampered[tampered.length - 1] ^= 1;
        byte[] otherAuth = b64(AUTH_SECRET);
        otherAuth[0] ^= 1;
        WebPushReceiver.Subscription otherSecret = new WebPushReceiver.Subscription(subscription.endpoint(),
                subscription.keys(), otherAuth);

        assertThatThrownBy(() -> pushOf(tampered).decryptedFor(subscription)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> pushOf(b64(BODY)).decryptedFor(otherSecret)).isInstanceOf(AssertionError.class);
    }
}
