package org.medbook.notifications.infrastructure;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.interaso.webpush.WebPush;

import org.medbook.notifications.application.Device;
import org.medbook.notifications.application.PushEndpointRule;
import org.medbook.notifications.application.PushGateway;
import org.medbook.notifications.application.PushProperties;
import org.medbook.shared.http.HttpAnswer;
import org.medbook.shared.http.ProviderHttpClients;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Web Push (RFC 8030): the message is encrypted for the browser (RFC 8291, aes128gcm, one 4096-byte
 * record) and signed with our VAPID key (RFC 8292), both by the webpush library; the request itself
 * is ours, so the endpoint rule is checked right before it, redirects are never followed and every
 * wait is bounded (the Web Push connect and read timeouts).
 */
@Component
class WebPushGateway implements PushGateway {

    /** Push services take 4096 bytes of ciphertext; the record's header, padding and tag need the rest. */
    static final int MAX_PAYLOAD = 3800;

    private final VapidKeyring keys;
    private final PushEndpointRule endpoints;
    private final JsonMapper json;
    private final long ttlSeconds;
    private final RestClient http;

    WebPushGateway(VapidKeyring keys, PushEndpointRule endpoints, PushProperties properties, JsonMapper json,
            ProviderHttpClients clients) {
        this.keys = keys;
        this.endpoints = endpoints;
        this.json = json;
        this.ttlSeconds = properties.webPushTtl().toSeconds();
        this.http = clients.builder(properties.webPushTimeouts()).build();
    }

    @Override
    public Device.Platform platform() {
        return Device.Platform.WEB_PUSH;
    }

    @Override
    public Optional<String> unavailable() {
        return keys.webPush().isPresent() ? Optional.empty() : Optional.of("Web Push is switched off on this server");
    }

    @Override
    public Outcome send(Device device, PushMessage message) {
        WebPush webPush = keys.webPush().orElse(null);
        if (webPush == null) {
            return new Outcome.Failed("Web Push is switched off on this server");
        }
        URI endpoint;
        try {
            endpoint = endpoints.check(device.address());
        } catch (PushEndpointRule.Refused refused) {
            return refused.unresolved() ? new Outcome.Retry("the endpoint's host did not resolve")
                    : new Outcome.Failed("endpoint refused: it " + refused.getMessage());
        }
        byte[] body;
        Map<String, String> headers;
        try {
            body = webPush.getBody(payload(message), Base64.getUrlDecoder().decode(device.p256dh()),
                    Base64.getUrlDecoder().decode(device.auth()));
            headers = webPush.getHeaders(device.address(), (int) ttlSeconds, null,
                    message.urgent() ? WebPush.Urgency.High : WebPush.Urgency.Normal);
        } catch (RuntimeException e) {
            return new Outcome.Failed("cannot encrypt for this subscription: " + e.getClass().getSimpleName());
        }
        HttpAnswer response;
        try {
            response = http.post().uri(endpoint).headers(all -> headers.forEach(all::set)).body(body)
                    .exchange((request, answer) -> HttpAnswer.of(answer));
        } catch (RestClientException e) {
            // a timeout, a refused or reset connection: all worth another try
            return new Outcome.Retry(HttpAnswer.causeOf(e));
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new Outcome.Served();
        }
        if (status == 404 || status == 410) {
            return new Outcome.Gone("the push service answered " + status);
        }
        if (status == 429 || status >= 500) {
            return new Outcome.Retry("the push service answered " + status);
        }
        return new Outcome.Failed("the push service answered " + status + ": " + snippet(response.body()));
    }

    /** What the service worker reads with {@code event.data.json()}: title, body and the data facts. */
    byte[] payload(PushMessage message) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", message.title());
        payload.put("body", message.body());
        payload.putAll(message.data());
        byte[] bytes = json.writeValueAsBytes(payload);
        if (bytes.length > MAX_PAYLOAD) {
            payload.put("body", "");
            String body = prefixWithin(message.body(), MAX_PAYLOAD - json.writeValueAsBytes(payload).length - 3);
            do {
                payload.put("body", body + "…");
                bytes = json.writeValueAsBytes(payload);
                // escaped characters take more room in JSON than in UTF-8: shorten until it fits
                body = body.substring(0, body.offsetByCodePoints(0, body.codePointCount(0, body.length()) * 9 / 10));
            } while (bytes.length > MAX_PAYLOAD && !body.isEmpty());
        }
        return bytes;
    }

    /** The longest prefix of whole characters that takes at most {@code budget} bytes in UTF-8. */
    private static String prefixWithin(String text, int budget) {
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (used + size > budget) {
                break;
            }
            used += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static String snippet(String body) {
        if (body == null) {
            return "";
        }
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
