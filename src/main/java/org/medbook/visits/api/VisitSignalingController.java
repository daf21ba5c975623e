package org.medbook.visits.api;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.medbook.shared.MedbookException;
import org.medbook.shared.realtime.ClientAddress;
import org.medbook.visits.application.AdmitPatientCommand;
import org.medbook.visits.application.AdmitPatientHandler;
import org.medbook.visits.application.EndVisitCommand;
import org.medbook.visits.application.EndVisitHandler;
import org.medbook.visits.application.JoinVisitCommand;
import org.medbook.visits.application.JoinVisitHandler;
import org.medbook.visits.application.LeaveVisitCommand;
import org.medbook.visits.application.LeaveVisitHandler;
import org.medbook.visits.application.RelaySignalCommand;
import org.medbook.visits.application.RelaySignalHandler;
import org.medbook.visits.application.Signal;
import org.medbook.visits.application.VisitRefusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The visit over STOMP: SEND to {@code /app/visits/{bookingId}/join | admit | signal | leave | end}.
 * The sender is the CONNECT token's user; replies and relayed signals arrive on {@code /user/queue/visits}.
 * A refused frame is answered there with {@code {"type":"error","problem":...}}, to its sender only,
 * and the socket stays open.
 */
@Controller
class VisitSignalingController {

    private static final Logger log = LoggerFactory.getLogger(VisitSignalingController.class);
    private static final String SESSION = "simpSessionId";

    private final JoinVisitHandler join;
    private final AdmitPatientHandler admit;
    private final RelaySignalHandler relay;
    private final LeaveVisitHandler leave;
    private final EndVisitHandler end;
    private final VisitRefusals refusals;
    private final JsonMapper json;
    /**
     * The sockets of this node that asked to join a visit: only their closing can end a stay, so
     * only they cost a look in the database when they close (a node whose clients all drop at once
     * would otherwise run one query per socket, most of them chat or notification sockets).
     */
    private final Set<String> visitSockets = ConcurrentHashMap.newKeySet();

    VisitSignalingController(JoinVisitHandler join, AdmitPatientHandler admit, RelaySignalHandler relay,
            LeaveVisitHandler leave, EndVisitHandler end, VisitRefusals refusals, JsonMapper json) {
        this.join = join;
        this.admit = admit;
        this.relay = relay;
        this.leave = leave;
        this.end = end;
        this.refusals = refusals;
        this.json = json;
    }

    @MessageMapping("/visits/{bookingId}/join")
    void join(@DestinationVariable String bookingId, @Header(SESSION) String session,
            @Header(SimpMessageHeaderAccessor.SESSION_ATTRIBUTES) Map<String, Object> attributes, Principal user) {
        // before the stay is stored, so a close that follows at once sees it
        visitSockets.add(session);
        answer(user, bookingId, id -> join.handle(new JoinVisitCommand(id, userId(user), session,
                ClientAddress.of(attributes))));
    }

    @MessageMapping("/visits/{bookingId}/admit")
    void admit(@DestinationVariable String bookingId, Principal user) {
        answer(user, bookingId, id -> admit.handle(new AdmitPatientCommand(id, userId(user))));
    }

    @MessageMapping("/visits/{bookingId}/signal")
    void signal(@DestinationVariable String bookingId, @Payload byte[] body, Principal user) {
        answer(user, bookingId, id -> relay.handle(new RelaySignalCommand(id, userId(user), signal(body))));
    }

    @MessageMapping("/visits/{bookingId}/leave")
    void leave(@DestinationVariable String bookingId, @Header(SESSION) String session, Principal user) {
        answer(user, bookingId, id -> leave.handle(new LeaveVisitCommand(id, userId(user), session)));
    }

    @MessageMapping("/visits/{bookingId}/end")
    void end(@DestinationVariable String bookingId,
            @Header(SimpMessageHeaderAccessor.SESSION_ATTRIBUTES) Map<String, Object> attributes, Principal user) {
        answer(user, bookingId, id -> end.handle(new EndVisitCommand(id, userId(user), ClientAddress.of(attributes))));
    }

    /** A closed socket (hang-up, lost network, closed tab) ends the stays it opened. */
    @EventListener
    void socketClosed(SessionDisconnectEvent event) {
        if (!visitSockets.remove(event.getSessionId()) || event.getUser() == null) {
            return;
        }
        try {
            leave.socketClosed(UUID.fromString(event.getUser().getName()), event.getSessionId());
        } catch (RuntimeException e) {
            log.warn("Could not record that socket {} left its visits: {}", event.getSessionId(), e.toString());
        }
    }

    private interface Action {
        void run(UUID bookingId);
    }

    private void answer(Principal user, String bookingId, Action action) {
        UUID id = null;
        try {
            id = parse(bookingId);
            action.run(id);
        } catch (MedbookException refused) {
            refusals.tell(userId(user), id, refused.slug(), refused.getMessage());
        }
    }

    private Signal signal(byte[] body) {
        try {
            Map<String, Object> fields = json.readValue(body, new TypeReference<Map<String, Object>>() {
            });
            Object candidate = fields.get("candidate");
            @SuppressWarnings("unchecked")
            Map<String, Object> candidateFields = candidate instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
            return new Signal(text(fields.get("type")), text(fields.get("sdp")), candidateFields);
        } catch (JacksonException | NullPointerException e) {
            throw MedbookException.badInput("invalid-signal", "A signal is a JSON object with a type");
        }
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static UUID parse(String bookingId) {
        try {
            return UUID.fromString(bookingId);
        } catch (IllegalArgumentException e) {
            throw MedbookException.badInput("invalid-parameter", "The booking id is not a UUID");
        }
    }

    private static UUID userId(Principal user) {
        return UUID.fromString(user.getName());
    }
}
