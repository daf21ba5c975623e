package org.medbook.shared.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param trustedProxies addresses or CIDR ranges of load balancers whose {@code X-Forwarded-For} we
 *                       believe; loopback is always trusted
 * @param corsAllowedOrigins origins allowed to call the API from a browser
 */
@ConfigurationProperties("medbook.web")
public record WebProperties(List<String> trustedProxies, List<String> corsAllowedOrigins) {

    public WebProperties {
        trustedProxies = nonBlank(trustedProxies);
        corsAllowedOrigins = nonBlank(corsAllowedOrigins);
    }

    static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(value -> !value.isEmpty()).toList();
    }
}
