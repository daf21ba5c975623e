package org.medbook.shared.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    FieldCipher fieldCipher(CryptoProperties properties) throws GeneralSecurityException {
        AeadConfig.register();
        String keyset = configuredOrLocal(properties.dataKeyset(), properties, "data-keyset.json",
                CryptoConfiguration::newKeyset);
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get());
        return new TinkFieldCipher(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    @Bean
    LookupHasher lookupHasher(CryptoProperties properties) {
        String key = configuredOrLocal(properties.lookupKey(), properties, "lookup.key", () -> {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        });
        return new HmacLookupHasher(Base64.getDecoder().decode(key.trim()));
    }

    private static String configuredOrLocal(String configured, CryptoProperties properties, String name,
            java.util.function.Supplier<String> generator) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return new LocalSecrets(properties.devSecretsDir()).getOrCreate(name, generator);
    }

    private static String newKeyset() {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a data keyset", e);
        }
    }
}
