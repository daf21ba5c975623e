package org.medbook.visits.application;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.medbook.shared.MedbookException;

/**
 * A WebRTC signal from one browser to the other: an SDP offer or answer, an ICE candidate, or bye.
 * Only these fields travel on; anything else a client adds stays behind.
 */
public record Signal(String type, String sdp, Map<String, Object> candidate) {

    public static final Set<String> TYPES = Set.of("offer", "answer", "candidate", "bye");
    private static final int MAX_SDP = 32_000;
    private static final Set<String> CANDIDATE_FIELDS = Set.of("candidate", "sdpMid", "sdpMLineIndex", "usernameFragment");

    public Signal {
        if (type == null || !TYPES.contains(type)) {
            throw MedbookException.badInput("invalid-signal", "type must be one of offer, answer, candidate, bye");
        }
        if ((type.equals("offer") || type.equals("answer")) && (sdp == null || sdp.isBlank())) {
            throw MedbookException.badInput("invalid-signal", "an " + type + " carries its sdp");
        }
        if (sdp != null && sdp.length() > MAX_SDP) {
            throw MedbookException.badInput("invalid-signal", "sdp is longer than " + MAX_SDP + " characters");
        }
        if (type.equals("candidate")) {
            if (candidate == null) {
                throw MedbookException.badInput("invalid-signal", "a candidate signal carries its candidate");
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            candidate.forEach((key, value) -> {
                if (CANDIDATE_FIELDS.contains(key) && (value == null || value instanceof String || value instanceof Number)) {
                    kept.put(key, value);
                }
            });
            candidate = kept;
        } else {
            candidate = null;
        }
        if (!type.equals("offer") && !type.equals("answer")) {
            sdp = null;
        }
    }
}
