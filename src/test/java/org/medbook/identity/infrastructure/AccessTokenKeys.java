package org.medbook.identity.infrastructure;

import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.context.ApplicationContext;

/** Test access to the public half of the key that signs the app's access tokens (its kid included). */
public final class AccessTokenKeys {

    private AccessTokenKeys() {
    }

    public static RSAKey signingPublicKey(ApplicationContext context) {
        return context.getBean(JwtKeys.class).signingKey().toPublicJWK();
    }
}
