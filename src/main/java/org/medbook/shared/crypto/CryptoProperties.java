package org.medbook.shared.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param dataKeyset a Tink JSON keyset of AES-256-GCM keys; the primary key encrypts, every key in
 *                   the set decrypts (add a key, make it primary, keep the old one to rotate)
 * @param lookupKey  base64 of at least 32 random bytes for keyed lookup hashes
 * @param devSecretsDir where a developer machine keeps generated keys when none are configured
 */
@ConfigurationProperties("medbook.crypto")
public record CryptoProperties(String dataKeyset, String lookupKey, String devSecretsDir) {

    public CryptoProperties {
        devSecretsDir = devSecretsDir == null || devSecretsDir.isBlank() ? ".medbook" : devSecretsDir;
    }
}
