package org.medbook.shared.startup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
class StartupConfiguration {

    @Bean
    @Profile("prod")
    static ProductionReadiness productionReadiness() {
        return new ProductionReadiness();
    }

    @Bean
    static ReadyBanner readyBanner() {
        return new ReadyBanner();
    }
}
