package org.medbook.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * A Firebase service account of the tests: a fresh RSA key, written as Google's key file with its
 * token URI on the WireMock stand-in, so FCM's OAuth sign-in runs for real and the tests can check
 * the assertion's signature with {@link #publicKey()}.
 */
public final class FcmTestAccount {

    public static final String PROJECT_ID = "medbook-test";
    public static final String CLIENT_EMAIL = "medbook-push@medbook-test.iam.gserviceaccount.com";
    public static final String KEY_ID = "medbook-test-key-1";
    public static final String TOKEN_PATH = "/token";

    private static final KeyPair KEYS = newKeyPair();
    private static Path file;

    private FcmTestAccount() {
    }

    public static RSAPublicKey publicKey() {
        return (RSAPublicKey) KEYS.getPublic();
    }

    /** Writes the key file once (under target/) and returns its path. */
    public static synchronized String credentialsFile(String providersBaseUrl) {
        if (file == null) {
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(KEYS.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            String json = """
                    {
                      "type": "service_account",
                      "project_id": "%s",
                      "private_key_id": "%s",
                      "private_key": "%s",
                      "client_email": "%s",
                      "client_id": "100000000000000000001",
                      "token_uri": "%s"
                    }
                    """.formatted(PROJECT_ID, KEY_ID, pem.replace("\n", "\\n"), CLIENT_EMAIL, providersBaseUrl + TOKEN_PATH);
            try {
                Path folder = Files.createDirectories(Path.of("target", "test-fcm"));
                file = Files.writeString(folder.resolve("service-account-" + ProcessHandle.current().pid() + ".json"), json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file.toAbsolutePath().toString();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
