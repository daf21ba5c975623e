package org.medbook.visits.application;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * The ICE servers of one person's visit: STUN as configured, and TURN with a credential of the TURN
 * REST API scheme that coturn ({@code use-auth-secret}) and most TURN services accept: the username
 * is {@code <expiry unix time>:<user id>}, the password base64(HMAC-SHA1(shared secret, username)).
 * The TURN service checks both itself, so nothing is stored and nothing outlives the window.
 */
@Component
public class IceServers {

    /** One entry of {@code RTCConfiguration.iceServers}. */
    public record IceServer(List<String> urls, String username, String credential) {
    }

    private final VisitsProperties.Turn turn;

    IceServers(VisitsProperties properties) {
        this.turn = properties.turn();
    }

    public List<IceServer> forUser(UUID userId, Instant validUntil) {
        List<IceServer> servers = new ArrayList<>();
        if (!turn.stunUrls().isEmpty()) {
            servers.add(new IceServer(turn.stunUrls(), null, null));
        }
        if (!turn.turnUrls().isEmpty()) {
            String username = validUntil.getEpochSecond() + ":" + userId;
            servers.add(new IceServer(turn.turnUrls(), username, credential(turn.secret(), username)));
        }
        return servers;
    }

    public static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }
}
