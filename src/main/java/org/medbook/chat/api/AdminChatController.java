package org.medbook.chat.api;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.chat.application.ChatQueries;
import org.medbook.chat.application.ReadConversationHandler;
import org.medbook.shared.Caller;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the back office may know of a user's chat, for abuse reports: counts, never a message. */
@RestController
@RequestMapping("/api/v1/admin/chat")
@Tag(name = "Chat administration", description = "Chat activity counts for abuse reports; never message bodies")
class AdminChatController {

    private final ReadConversationHandler read;

    AdminChatController(ReadConversationHandler read) {
        this.read = read;
    }

    @Operation(summary = "How many conversations, messages and files a user has in the chat")
    @GetMapping("/users/{userId}/activity")
    @PreAuthorize("hasAuthority('users:read')")
    ChatQueries.ChatActivityView activity(@PathVariable UUID userId, Caller caller) {
        return read.activity(userId, caller);
    }
}
