package org.medbook.shared.web;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.util.unit.DataSize;

/**
 * @param trustedProxies addresses or CIDR ranges of the proxies whose {@code X-Forwarded-For} and
 *                       {@code X-Forwarded-Proto/Host/Port} are believed: the only such list (loopback
 *                       when none is configured)
 * @param corsAllowedOrigins origins allowed to call the API from a browser
 * @param maxBodyBytes the largest request body any endpoint accepts unless listed in {@code largerBodies}
 * @param largerBodies larger limits for the routes that need them, by path pattern
 *                     (e.g. {@code /api/v1/webhooks/**})
 */
@ConfigurationProperties("medbook.web")
public record WebProperties(List<String> trustedProxies, List<String> corsAllowedOrigins, DataSize maxBodyBytes,
                            Map<String, DataSize> largerBodies) {

    public WebProperties {
        trustedProxies = trustedProxies == null ? List.of("127.0.0.0/8", "::1") : nonBlank(trustedProxies);
        trustedProxies.forEach(WebProperties::checkAddressOrRange);
        corsAllowedOrigins = nonBlank(corsAllowedOrigins);
        maxBodyBytes = maxBodyBytes == null ? DataSize.ofKilobytes(64) : maxBodyBytes;
        largerBodies = largerBodies == null ? Map.of() : Map.copyOf(largerBodies);
        if (maxBodyBytes.toBytes() < 1) {
            throw new IllegalArgumentException("medbook.web.max-body-bytes must be at least 1 byte");
        }
    }

    private static void checkAddressOrRange(String proxy) {
        try {
            new IpAddressMatcher(proxy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("medbook.web.trusted-proxies: '" + proxy
                    + "' is not an IP address or CIDR range (MEDBOOK_TRUSTED_PROXIES)", e);
        }
    }

    static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(value -> !value.isEmpty()).toList();
    }
}
