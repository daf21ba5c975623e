package org.medbook.chat.application;

import java.time.Clock;

import org.medbook.booking.Bookings;
import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OpenConversationHandler {

    private final Conversations conversations;
    private final Bookings bookings;
    private final ChatQueries queries;
    private final Clock clock;

    OpenConversationHandler(Conversations conversations, Bookings bookings, ChatQueries queries, Clock clock) {
        this.conversations = conversations;
        this.bookings = bookings;
        this.queries = queries;
        this.clock = clock;
    }

    /** The conversation, and whether this call created it. */
    public record Opened(ConversationView conversation, boolean created) {
    }

    /** Opening twice gives the same conversation; a pair without a shared booking gets none. */
    @Transactional
    public Opened handle(OpenConversationCommand command) {
        boolean created = false;
        if (conversations.findPair(command.patientId(), command.doctorId()).isEmpty()) {
            if (!bookings.everConfirmed(command.patientId(), command.doctorId())) {
                throw new MedbookException(ProblemKind.NOT_FOUND, "no-shared-booking",
                        "A conversation needs a booking between this patient and this doctor that was confirmed");
            }
            created = conversations.addIfAbsent(Conversation.open(command.patientId(), command.doctorId()),
                    clock.instant());
        }
        Conversation conversation = conversations.findPair(command.patientId(), command.doctorId()).orElseThrow();
        return new Opened(queries.conversation(conversation.id(), command.callerId()).orElseThrow(), created);
    }
}
