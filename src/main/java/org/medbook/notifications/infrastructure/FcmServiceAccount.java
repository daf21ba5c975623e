package org.medbook.notifications.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Google service-account key file that FCM's OAuth sign-in needs.
 *
 * @param privateKeyId the key's id, sent as {@code kid} so Google finds the public key at once
 */
record FcmServiceAccount(String clientEmail, RSAPrivateKey privateKey, String privateKeyId, String tokenUri,
                         String projectId) {

    static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

    static FcmServiceAccount read(Path file, JsonMapper json) {
        JsonNode account;
        try {
            account = json.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the FCM service account file " + file.toAbsolutePath()
                    + " (MEDBOOK_FCM_CREDENTIALS): " + e.getMessage(), e);
        }
        String email = text(account, "client_email");
        String pem = text(account, "private_key");
        if (email == null || pem == null) {
            throw new IllegalStateException("The FCM service account file " + file.toAbsolutePath()
                    + " lacks client_email or private_key");
        }
        String tokenUri = text(account, "token_uri");
        return new FcmServiceAccount(email, rsaKey(pem, file), text(account, "private_key_id"),
                tokenUri == null ? DEFAULT_TOKEN_URI : tokenUri, text(account, "project_id"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    private static RSAPrivateKey rsaKey(String pem, Path file) {
        try {
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("The private_key in " + file.toAbsolutePath()
                    + " is not a PKCS#8 PEM RSA key", e);
        }
    }

    @Override
    public String toString() {
        return "FcmServiceAccount[" + clientEmail + "]";
    }
}
