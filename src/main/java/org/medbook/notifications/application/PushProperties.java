package org.medbook.notifications.application;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.medbook.shared.http.HttpTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Push notifications to devices: Firebase Cloud Messaging (HTTP v1) and standard Web Push.
 *
 * @param webPushConnectTimeout how long a Web Push request waits for a connection to the push service
 * @param webPushReadTimeout   how long it waits for the push service's answer
 * @param maxDevicesPerUser    devices kept per user; registering one more forgets the oldest
 * @param webPushEnabled       whether browsers may subscribe; off, Web Push devices are refused and skipped
 * @param webPushTtl           how long a push service keeps a message for an offline browser
 * @param webPushAllowedHosts  {@code host} or {@code host:port} entries exempt from the endpoint rule (a
 *                             push service inside a private network, a local receiver in tests); they may use http
 * @param fcm                  the Firebase project; without credentials FCM devices are skipped
 * @param vapid                the Web Push application server key pair (RFC 8292) and contact subject
 */
@ConfigurationProperties("medbook.notifications.push")
public record PushProperties(@DefaultValue("PT3S") Duration webPushConnectTimeout,
                             @DefaultValue("PT5S") Duration webPushReadTimeout,
                             @DefaultValue("10") int maxDevicesPerUser,
                             @DefaultValue("true") boolean webPushEnabled,
                             @DefaultValue("PT24H") Duration webPushTtl,
                             List<String> webPushAllowedHosts,
                             @DefaultValue Fcm fcm,
                             @DefaultValue Vapid vapid) {

    public PushProperties {
        if (maxDevicesPerUser <= 0) {
            throw new IllegalArgumentException("medbook.notifications.push.max-devices-per-user must be positive");
        }
        new HttpTimeouts(webPushConnectTimeout, webPushReadTimeout);
        webPushAllowedHosts = webPushAllowedHosts == null ? List.of() : webPushAllowedHosts.stream()
                .map(String::strip).filter(host -> !host.isEmpty()).map(host -> host.toLowerCase(Locale.ROOT)).toList();
    }

    public HttpTimeouts webPushTimeouts() {
        return new HttpTimeouts(webPushConnectTimeout, webPushReadTimeout);
    }

    /** The longest one push request may take, whichever service it goes to. */
    public Duration longestRequest() {
        Duration webPush = webPushTimeouts().total();
        Duration fcmCall = fcm.timeouts().total();
        return webPush.compareTo(fcmCall) >= 0 ? webPush : fcmCall;
    }

    /**
     * @param projectId      the Firebase project id; when blank, the service account's {@code project_id}
     * @param credentials    path of the service-account JSON (client_email, private_key, token_uri)
     * @param baseUrl        the FCM API
     * @param connectTimeout how long a call to FCM or its token endpoint waits for a connection
     * @param readTimeout    how long it waits for the answer
     */
    public record Fcm(String projectId, String credentials, @DefaultValue("https://fcm.googleapis.com") String baseUrl,
                      @DefaultValue("PT3S") Duration connectTimeout, @DefaultValue("PT5S") Duration readTimeout) {

        public HttpTimeouts timeouts() {
            return new HttpTimeouts(connectTimeout, readTimeout);
        }

        public boolean configured() {
            return credentials != null && !credentials.isBlank();
        }
    }

    /**
     * @param publicKey  base64url of the uncompressed P-256 point (65 bytes), as browsers take it
     * @param privateKey base64url of the 32-byte private scalar
     * @param subject    a {@code mailto:} or {@code https:} contact for push services
     */
    public record Vapid(String publicKey, String privateKey, String subject) {

        public Vapid {
            subject = subject == null || subject.isBlank() ? "mailto:no-reply@medbook.org" : subject.strip();
            if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
                throw new IllegalArgumentException("medbook.notifications.push.vapid.subject must be a mailto: or https: URI");
            }
        }

        public boolean configured() {
            return publicKey != null && !publicKey.isBlank() || privateKey != null && !privateKey.isBlank();
        }
    }
}
