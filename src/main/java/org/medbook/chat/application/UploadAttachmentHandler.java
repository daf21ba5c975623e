package org.medbook.chat.application;

import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;

import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.ConversationStatus;
import org.medbook.chat.domain.Conversations;
import org.medbook.chat.domain.FileType;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Takes images and PDFs up to the size limit, recognised by their content, and stores them encrypted. */
@Service
public class UploadAttachmentHandler {

    static final int MAX_NAME = 200;

    private final Conversations conversations;
    private final Attachments attachments;
    private final ChatProperties properties;
    private final Clock clock;

    UploadAttachmentHandler(Conversations conversations, Attachments attachments, ChatProperties properties, Clock clock) {
        this.conversations = conversations;
        this.attachments = attachments;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public AttachmentView handle(UploadAttachmentCommand command) {
        Conversation conversation = conversations.find(command.conversationId())
                .orElseThrow(() -> MedbookException.notFound("Conversation"));
        conversation.roleOf(command.uploaderId());
        if (conversation.status() == ConversationStatus.CLOSED) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "conversation-closed",
                    "The doctor closed this conversation; it is read-only until they reopen it");
        }
        long limit = properties.maxAttachmentSize().toBytes();
        if (command.size() > limit) {
            throw tooLarge(limit);
        }
        byte[] content = command.content().read();
        if (content.length == 0) {
            throw MedbookException.badInput("attachment-empty", "The file is empty");
        }
        if (content.length > limit) {
            throw tooLarge(limit);
        }
        FileType type = FileType.sniff(Arrays.copyOf(content, Math.min(content.length, FileType.HEAD_BYTES)))
                .orElseThrow(() -> new MedbookException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, "unsupported-attachment-type",
                        "Only JPEG, PNG, GIF and WebP images and PDF documents can be sent; the file's content is none of them"));
        UUID id = UUID.randomUUID();
        String name = nameFor(command.name(), type);
        attachments.add(new Attachments.StoredAttachment(id, conversation.id(), command.uploaderId(), name,
                type.contentType(), content.length, null), content, clock.instant());
        return new AttachmentView(id, name, type.contentType(), content.length);
    }

    private static MedbookException tooLarge(long limit) {
        return new MedbookException(ProblemKind.PAYLOAD_TOO_LARGE, "attachment-too-large",
                "A file can be at most " + limit + " bytes");
    }

    /** The name without any path or control character, and ending in the type's extension. */
    static String nameFor(String given, FileType type) {
        String name = given == null ? "" : given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "attachment";
        }
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        String extension = "." + type.extension();
        boolean fits = name.toLowerCase(java.util.Locale.ROOT).endsWith(extension)
                || (type == FileType.JPEG && name.toLowerCase(java.util.Locale.ROOT).endsWith(".jpeg"));
        return fits ? name : name + extension;
    }
}
