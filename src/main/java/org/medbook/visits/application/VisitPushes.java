package org.medbook.visits.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.realtime.UserMessages;
import org.medbook.visits.domain.Visit;
import org.medbook.visits.domain.VisitChange;
import org.springframework.stereotype.Component;

/**
 * Tells the two people of a visit what changed, on their {@code /user/queue/visits}. Every message
 * names its booking and has a {@code type}: {@code joined} (to the one who joined), {@code patient-waiting}
 * (to the doctor), {@code peer-joined}, {@code admitted}, {@code peer-left}, {@code ended}, {@code error},
 * and the relayed signals {@code offer}, {@code answer}, {@code candidate}, {@code bye}.
 */
@Component
class VisitPushes {

    static final String QUEUE = "visits";

    private final UserMessages messages;

    VisitPushes(UserMessages messages) {
        this.messages = messages;
    }

    void announce(Visit visit, String state, List<VisitChange> changes) {
        for (VisitChange change : changes) {
            switch (change) {
                case VisitChange.Joined joined -> {
                    send(joined.userId(), message(visit, "joined", Map.of("role", joined.role().name(), "state", state,
                            "peerPresent", joined.otherPresent())));
                    UUID other = visit.userOf(joined.role().other());
                    send(other, message(visit, joined.waiting() ? "patient-waiting" : "peer-joined",
                            Map.of("role", joined.role().name(), "state", state)));
                }
                case VisitChange.Admitted admitted -> {
                    send(admitted.patientId(), message(visit, "admitted", Map.of("state", state)));
                    send(admitted.doctorId(), message(visit, "admitted", Map.of("state", state)));
                }
                case VisitChange.Left left -> send(visit.userOf(left.role().other()),
                        message(visit, "peer-left", Map.of("role", left.role().name(), "state", state)));
                case VisitChange.Ended ended -> {
                    send(visit.patientId(), message(visit, "ended", Map.of("state", state)));
                    send(visit.doctorId(), message(visit, "ended", Map.of("state", state)));
                }
            }
        }
    }

    void relay(UUID to, UUID bookingId, String fromRole, Signal signal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bookingId", bookingId.toString());
        body.put("type", signal.type());
        body.put("from", fromRole);
        if (signal.sdp() != null) {
            body.put("sdp", signal.sdp());
        }
        if (signal.candidate() != null) {
            body.put("candidate", signal.candidate());
        }
        send(to, body);
    }

    void refused(UUID to, UUID bookingId, String problem, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (bookingId != null) {
            body.put("bookingId", bookingId.toString());
        }
        body.put("type", "error");
        body.put("problem", problem);
        body.put("detail", detail);
        send(to, body);
    }

    private void send(UUID userId, Map<String, Object> body) {
        messages.send(userId, QUEUE, body);
    }

    private static Map<String, Object> message(Visit visit, String type, Map<String, Object> facts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bookingId", visit.bookingId().toString());
        body.put("type", type);
        body.putAll(facts);
        return body;
    }
}
