package org.medbook.visits.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IceServersTests {

    private static final UUID USER = UUID.fromString("6f1c1e6a-3c55-4d7e-9a40-1b2c3d4e5f60");
    private static final Instant CLOSES = Instant.ofEpochSecond(1_767_225_600L);

    private static IceServers with(List<String> urls, String secret) {
        return new IceServers(new VisitsProperties("https://medbook.example", Duration.ofMinutes(10),
                Duration.ofMinutes(30), Duration.ofMinutes(5), new VisitsProperties.Turn(urls, secret)));
    }

    @Test
    void turnCredentialsFollowTheTurnRestApiScheme() {
        List<IceServers.IceServer> servers = with(List.of("stun:turn.example:3478", "turn:turn.example:3478?transport=udp",
                "turns:turn.example:5349?transport=tcp"), "north-wing-turn-secret").forUser(USER, CLOSES);

        assertThat(servers).hasSize(2);
        assertThat(servers.get(0)).isEqualTo(new IceServers.IceServer(List.of("stun:turn.example:3478"), null, null));
        IceServers.IceServer turn = servers.get(1);
        assertThat(turn.urls()).containsExactly("turn:turn.example:3478?transport=udp", "turns:turn.example:5349?transport=tcp");
        assertThat(turn.username()).isEqualTo("1767225600:" + USER);
        // known answer: printf '%s' "$username" | openssl dgst -sha1 -hmac north-wing-turn-secret -binary | base64
        assertThat(turn.credential()).isEqualTo("Rwc0+awbAbIhts2gM2HunEWIwZE=");
    }

    @Test
    void withoutASecretOnlyStunIsOffered() {
        assertThat(with(List.of("stun:turn.example:3478", "turn:turn.example:3478"), " ").forUser(USER, CLOSES))
                .containsExactly(new IceServers.IceServer(List.of("stun:turn.example:3478"), null, null));
        assertThat(with(List.of(), null).forUser(USER, CLOSES)).isEmpty();
    }

    @Test
    void aUrlThatIsNeitherStunNorTurnIsRefusedAtStartup() {
        assertThatThrownBy(() -> new VisitsProperties.Turn(List.of("https://turn.example"), "s"))
                .hasMessageContaining("is not a stun:, turn: or turns: URL");
    }

    @Test
    void joinLinksStartWithThePublicAddress() {
        VisitsProperties properties = new VisitsProperties("https://medbook.example/", Duration.ofMinutes(10),
                Duration.ofMinutes(30), Duration.ofMinutes(5), null);
        assertThat(new VisitLinksFromConfiguration(properties).joinUrl(USER)).isEqualTo("https://medbook.example/visit/" + USER);
    }
}
