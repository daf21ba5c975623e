package org.medbook.chat.application;

import java.util.UUID;

import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Service;

/** "Is typing" goes to the other participant and is never stored. */
@Service
public class TypingHandler {

    private final Conversations conversations;
    private final ChatPushes pushes;

    TypingHandler(Conversations conversations, ChatPushes pushes) {
        this.conversations = conversations;
        this.pushes = pushes;
    }

    public void handle(UUID conversationId, UUID typist) {
        Conversation conversation = conversations.find(conversationId)
                .orElseThrow(() -> MedbookException.notFound("Conversation"));
        pushes.typing(conversationId, typist, conversation.otherThan(typist));
    }
}
