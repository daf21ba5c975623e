package org.medbook.identity.infrastructure;

import org.medbook.identity.domain.CommonPasswords;
import org.medbook.identity.domain.PasswordPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    PasswordPolicy passwordPolicy(CommonPasswords commonPasswords) {
        return new PasswordPolicy(commonPasswords);
    }
}
