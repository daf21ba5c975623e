package org.medbook.chat.application;

import java.util.List;
import java.util.UUID;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.identity.UserContacts;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.stereotype.Service;

/** What a participant may read: their conversations, a conversation's history, its files. */
@Service
public class ReadConversationHandler {

    public static final int MAX_PAGE = 200;

    private final Conversations conversations;
    private final ChatQueries queries;
    private final Attachments attachments;
    private final PatientDataAccess access;
    private final UserContacts contacts;

    ReadConversationHandler(Conversations conversations, ChatQueries queries, Attachments attachments,
            PatientDataAccess access, UserContacts contacts) {
        this.access = access;
        this.contacts = contacts;
        this.conversations = conversations;
        this.queries = queries;
        this.attachments = attachments;
    }

    public PageView<ConversationView> mine(UUID userId, PageRequest page) {
        return queries.conversationsOf(userId, page);
    }

    public ConversationView one(UUID conversationId, UUID userId) {
        return queries.conversation(conversationId, userId).orElseThrow(() -> MedbookException.notFound("Conversation"));
    }

    /** The doctor reading it is recorded as a read of the patient's conversation. */
    public HistoryView history(UUID conversationId, Caller caller, Long afterSeq, Long beforeSeq, Integer limit) {
        UUID patient = requireParticipant(conversationId, caller.userId());
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw MedbookException.badInput("invalid-parameter", "limit must be between 1 and " + MAX_PAGE);
        }
        if ((afterSeq != null && afterSeq < 0) || (beforeSeq != null && beforeSeq < 1)) {
            throw MedbookException.badInput("invalid-parameter", "afterSeq must be 0 or more and beforeSeq 1 or more");
        }
        HistoryView history = queries.history(conversationId, afterSeq, beforeSeq, size);
        access.record(caller, DataKind.CONVERSATION, patient);
        return history;
    }

    /**
     * Counts only: the back office never reads what participants wrote. Still, how much a patient talks
     * with their doctors is theirs, so the read is recorded when the user is a patient.
     */
    public ChatQueries.ChatActivityView activity(UUID userId, Caller caller) {
        ChatQueries.ChatActivityView activity = queries.activityOf(userId);
        UserContacts.Contact user = contacts.find(List.of(userId)).get(userId);
        if (user != null && user.patient()) {
            access.record(caller, DataKind.CONVERSATION, userId);
        }
        return activity;
    }

    /** A file and its content, for the two participants only. */
    public record Download(AttachmentView attachment, byte[] content) {
    }

    public Download attachment(UUID conversationId, UUID attachmentId, Caller caller) {
        UUID patient = requireParticipant(conversationId, caller.userId());
        Attachments.StoredAttachment stored = attachments.find(attachmentId)
                .filter(a -> a.conversationId().equals(conversationId))
                .orElseThrow(() -> MedbookException.notFound("Attachment"));
        Download download = new Download(new AttachmentView(stored.id(), stored.name(), stored.contentType(), stored.size()),
                attachments.content(attachmentId));
        access.record(caller, DataKind.CONVERSATION, patient);
        return download;
    }

    /** @return the conversation's patient, once the user is known to take part in it */
    private UUID requireParticipant(UUID conversationId, UUID userId) {
        Conversation conversation = conversations.find(conversationId)
                .orElseThrow(() -> MedbookException.notFound("Conversation"));
        conversation.roleOf(userId);
        return conversation.patientId();
    }
}
