package org.medbook.identity.api;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * A WebAuthn authenticator in software, built byte by byte as the specification lays it out: an EC
 * P-256 key pair, authenticator data (SHA-256 of the RP id, flags, the big-endian signature counter,
 * and at registration the attested credential data with the COSE key), a "none" attestation in CBOR,
 * the client data JSON a browser would write, and an ES256 signature over authenticatorData ||
 * SHA-256(clientDataJSON). What it answers is what {@code PublicKeyCredential.toJSON()} gives a page.
 */
final class SoftwareAuthenticator {

    private static final byte USER_PRESENT = 0x01;
    private static final byte USER_VERIFIED = 0x04;
    private static final byte ATTESTED_CREDENTIAL_DATA = 0x40;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KeyPair keys;
    private final byte[] credentialId = new byte[32];
    private byte[] userHandle;

    SoftwareAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        RANDOM.nextBytes(credentialId);
    }

    String credentialId() {
        return base64Url(credentialId);
    }

    /**
     * navigator.credentials.create() answered for these options ({@code publicKey} of Medbook's
     * answer) on a page of {@code origin}, for the RP id {@code rpId} and starting its counter at
     * {@code signCount}.
     */
    Map<String, Object> create(JsonNode options, String origin, String rpId, long signCount) {
        userHandle = Base64.getUrlDecoder().decode(options.path("user").path("id").asString());
        byte[] clientData = clientData("webauthn.create", options.path("challenge").asString(), origin);
        ByteArrayOutputStream authenticatorData = new ByteArrayOutputStream();
        authenticatorData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authenticatorData.write(USER_PRESENT | USER_VERIFIED | ATTESTED_CREDENTIAL_DATA);
        authenticatorData.writeBytes(ByteBuffer.allocate(4).putInt((int) signCount).array());
        authenticatorData.writeBytes(new byte[16]);
        authenticatorData.writeBytes(ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
        authenticatorData.writeBytes(credentialId);
        authenticatorData.writeBytes(coseKey());
        byte[] attestationObject = noneAttestation(authenticatorData.toByteArray());

        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", base64Url(clientData));
        response.put("attestationObject", base64Url(attestationObject));
        response.put("transports", List.of("internal", "hybrid"));
        return credential(response);
    }

    Map<String, Object> create(JsonNode options, String origin) {
        return create(options, origin, options.path("rp").path("id").asString(), 0);
    }

    /** navigator.credentials.get() answered for these options, presenting {@code signCount}. */
    Map<String, Object> get(JsonNode options, String origin, String rpId, long signCount) {
        byte[] clientData = clientData("webauthn.get", options.path("challenge").asString(), origin);
        byte[] authenticatorData = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
                .put((byte) (USER_PRESENT | USER_VERIFIED)).putInt((int) signCount).array();
        byte[] signature;
        try {
            Signature es256 = Signature.getInstance("SHA256withECDSA");
            es256.initSign(keys.getPrivate());
            es256.update(authenticatorData);
            es256.update(sha256(clientData));
            signature = es256.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", base64Url(clientData));
        response.put("authenticatorData", base64Url(authenticatorData));
        response.put("signature", base64Url(signature));
        response.put("userHandle", base64Url(userHandle));
        return credential(response);
    }

    Map<String, Object> get(JsonNode options, String origin, long signCount) {
        return get(options, origin, options.path("rpId").asString(), signCount);
    }

    private Map<String, Object> credential(Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", credentialId());
        credential.put("rawId", credentialId());
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("authenticatorAttachment", "platform");
        credential.put("clientExtensionResults", Map.of());
        return credential;
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("challenge", challenge);
        data.put("origin", origin);
        data.put("crossOrigin", false);
        return JSON.writeValueAsBytes(data);
    }

    /** The public key as COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y; integer labels. */
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = CBOR.createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writePropertyId(1);
            cbor.writeNumber(2);
            cbor.writePropertyId(3);
            cbor.writeNumber(-7);
            cbor.writePropertyId(-1);
            cbor.writeNumber(1);
            cbor.writePropertyId(-2);
            cbor.writeBinary(coordinate(key.getW().getAffineX()));
            cbor.writePropertyId(-3);
            cbor.writeBinary(coordinate(key.getW().getAffineY()));
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] noneAttestation(byte[] authenticatorData) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = CBOR.createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeStringProperty("fmt", "none");
            cbor.writeName("attStmt");
            cbor.writeStartObject();
            cbor.writeEndObject();
            cbor.writeName("authData");
            cbor.writeBinary(authenticatorData);
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    /** A curve coordinate as exactly 32 big-endian bytes. */
    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
        return fixed;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
