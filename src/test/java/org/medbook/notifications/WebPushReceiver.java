package org.medbook.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push service on 127.0.0.1 as a browser's would be, and the browser's side of a subscription:
 * it records every push, checks the VAPID signature as a push service must (RFC 8292) and decrypts
 * the aes128gcm payload with the subscription's private key and auth secret (RFC 8291), written
 * here from the RFCs independently of the code under test.
 */
public final class WebPushReceiver implements AutoCloseable {

    private static final Pattern VAPID = Pattern.compile("^vapid t=([^,\\s]+),\\s*k=([^,\\s]+)$");

    private final HttpServer server;
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebPushReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebPushReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebPushReceiver receiver = new WebPushReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A new subscription of a browser: its own P-256 key pair and auth secret. */
    public Subscription subscribe(String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] auth = new byte[16];
            new SecureRandom().nextBytes(auth);
            return new Subscription("http://127.0.0.1:" + port() + "/push/" + name, generator.generateKeyPair(), auth);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the push service answers for this subscription from now on (201 until told otherwise). */
    public void answer(Subscription subscription, int status) {
        answers.put(subscription.path(), status);
    }

    public List<Received> to(Subscription subscription) {
        return received.stream().filter(r -> r.path().equals(subscription.path())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, headers, body));
            exchange.sendResponseHeaders(answers.getOrDefault(path, 201), -1);
        } finally {
            exchange.close();
        }
    }

    public record Received(String method, String path, Map<String, String> headers, byte[] body) {

        /**
         * Checks the VAPID authorisation as a push service does: an ES256 JWT signed by the key in
         * {@code k=}, for this origin, expiring within 24 hours, with a contact subject.
         *
         * @return the application server key that signed it (base64url)
         */
        public String verifiedVapidKey(String origin) {
            Matcher vapid = VAPID.matcher(headers.getOrDefault("Authorization", ""));
            assertThat(vapid.matches()).as("a VAPID Authorization header: %s", headers.get("Authorization")).isTrue();
            byte[] point = Base64.getUrlDecoder().decode(vapid.group(2));
            assertThat(point).hasSize(65);
            try {
                ECKey key = new ECKey.Builder(Curve.P_256, Base64URL.encode(Arrays.copyOfRange(point, 1, 33)),
                        Base64URL.encode(Arrays.copyOfRange(point, 33, 65))).build();
                SignedJWT jwt = SignedJWT.parse(vapid.group(1));
                assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
                assertThat(jwt.verify(new ECDSAVerifier(key))).as("the VAPID signature").isTrue();
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                assertThat(claims.getAudience()).containsExactly(origin);
                Instant expires = claims.getExpirationTime().toInstant();
                Instant now = Instant.now();
                assertThat(expires).isAfter(now).isBefore(now.plusSeconds(24 * 3600 + 60));
                assertThat(claims.getSubject()).matches("^(mailto:|https://).+");
            } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
                throw new AssertionError("the VAPID token does not parse or verify", e);
            }
            return vapid.group(2);
        }

        /** The plaintext as the browser decrypts it (RFC 8291 with the aes128gcm coding of RFC 8188). */
        public String decryptedFor(Subscription subscription) {
            assertThat(headers.get("Content-Encoding")).isEqualTo("aes128gcm");
            ByteBuffer in = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            in.get(salt);
            int recordSize = in.getInt();
            int idLength = in.get() & 0xff;
            assertThat(recordSize).isEqualTo(4096);
            assertThat(idLength).as("the sender's public key as key id").isEqualTo(65);
            byte[] senderPoint = new byte[idLength];
            in.get(senderPoint);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            assertThat(ciphertext.length).isLessThanOrEqualTo(recordSize);
            try {
                KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
                agreement.init(subscription.keys().getPrivate());
                agreement.doPhase(publicKey(senderPoint), true);
                byte[] ecdhSecret = agreement.generateSecret();
                byte[] prkKey = hmac(subscription.auth(), ecdhSecret);
                byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), subscription.point(), senderPoint);
                byte[] ikm = hmac(prkKey, concat(keyInfo, new byte[] {1}));
                byte[] prk = hmac(salt, ikm);
                byte[] cek = Arrays.copyOf(hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
                byte[] nonce = Arrays.copyOf(hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);
                Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
                aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
                byte[] padded = aes.doFinal(ciphertext);
                int end = padded.length - 1;
                while (end >= 0 && padded[end] == 0) {
                    end--;
                }
                assertThat(end).as("a padding delimiter").isGreaterThanOrEqualTo(0);
                assertThat(padded[end]).as("the last record's delimiter").isEqualTo((byte) 2);
                return new String(padded, 0, end, StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new AssertionError("the payload does not decrypt with the subscription's keys", e);
            }
        }
    }

    /** The browser's side: {@code p256dh} and {@code auth} are what PushSubscription.toJSON() gives. */
    public record Subscription(String endpoint, KeyPair keys, byte[] auth) {

        public String path() {
            return endpoint.substring(endpoint.indexOf("/push/"));
        }

        public byte[] point() {
            ECPublicKey key = (ECPublicKey) keys.getPublic();
            return concat(new byte[] {4}, unsigned(key.getW().getAffineX()), unsigned(key.getW().getAffineY()));
        }

        public String p256dh() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(point());
        }

        public String authSecret() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(auth);
        }

        public Map<String, Object> json() {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("endpoint", endpoint);
            json.put("expirationTime", null);
            json.put("keys", Map.of("p256dh", p256dh(), "auth", authSecret()));
            return json;
        }
    }

    private static ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
        java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        var spec = parameters.getParameterSpec(java.security.spec.ECParameterSpec.class);
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65))), spec));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
