package org.medbook.visits.application;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl         the address people open Medbook at (scheme, host, port); join links start with it
 * @param opensBefore       how long before the booking's start its visit opens
 * @param closesAfter       how long after the booking's end its visit closes
 * @param minimumAttendance how long both must have been there together for the visit to be offered as completed
 * @param turn              STUN/TURN servers handed to the two browsers
 */
@ConfigurationProperties("medbook.visits")
public record VisitsProperties(@DefaultValue("http://localhost:8080") String publicUrl,
                               @DefaultValue("PT10M") Duration opensBefore, @DefaultValue("PT30M") Duration closesAfter,
                               @DefaultValue("PT5M") Duration minimumAttendance, @DefaultValue Turn turn) {

    public VisitsProperties {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.strip();
        while (publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        requireNotNegative(opensBefore, "opens-before");
        requireNotNegative(closesAfter, "closes-after");
        requireNotNegative(minimumAttendance, "minimum-attendance");
        turn = turn == null ? new Turn(List.of(), null) : turn;
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("medbook.visits." + name + " must be a duration of zero or more");
        }
    }

    /**
     * @param urls   {@code stun:} and {@code turn:}/{@code turns:} URLs (RFC 7064/7065); TURN ones are
     *               offered only with a secret
     * @param secret the shared secret of the TURN service's REST API scheme (coturn's
     *               {@code static-auth-secret}); blank for STUN only
     */
    public record Turn(List<String> urls, String secret) {

        public Turn {
            urls = urls == null ? List.of() : urls.stream().map(String::strip).filter(url -> !url.isEmpty()).toList();
            for (String url : urls) {
                if (!url.startsWith("stun:") && !url.startsWith("turn:") && !url.startsWith("turns:")) {
                    throw new IllegalArgumentException("medbook.visits.turn.urls: " + url
                            + " is not a stun:, turn: or turns: URL");
                }
            }
            secret = secret == null || secret.isBlank() ? null : secret;
        }

        public List<String> stunUrls() {
            return urls.stream().filter(url -> url.startsWith("stun:")).toList();
        }

        public List<String> turnUrls() {
            return secret == null ? List.of() : urls.stream().filter(url -> !url.startsWith("stun:")).toList();
        }
    }
}
