package org.medbook.chat.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.chat.application.AcknowledgeCommand;
import org.medbook.chat.application.AcknowledgeHandler;
import org.medbook.chat.application.AttachmentView;
import org.medbook.chat.application.CloseConversationHandler;
import org.medbook.chat.application.ConversationView;
import org.medbook.chat.application.HistoryView;
import org.medbook.chat.application.MessageView;
import org.medbook.chat.application.OpenConversationCommand;
import org.medbook.chat.application.OpenConversationHandler;
import org.medbook.chat.application.ReadConversationHandler;
import org.medbook.chat.application.SendMessageCommand;
import org.medbook.chat.application.SendMessageHandler;
import org.medbook.chat.application.UploadAttachmentCommand;
import org.medbook.chat.application.UploadAttachmentHandler;
import org.medbook.chat.domain.ChatRole;
import org.medbook.chat.domain.MessageBody;
import org.medbook.chat.domain.ReceiptKind;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.ProblemKind;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Chat", description = "Conversations between a patient and their doctor: messages, receipts, files")
class ConversationsController {

    private final OpenConversationHandler open;
    private final SendMessageHandler send;
    private final AcknowledgeHandler acknowledge;
    private final CloseConversationHandler close;
    private final ReadConversationHandler read;
    private final UploadAttachmentHandler upload;
    private final PatientDataAccess access;

    ConversationsController(OpenConversationHandler open, SendMessageHandler send, AcknowledgeHandler acknowledge,
            CloseConversationHandler close, ReadConversationHandler read, UploadAttachmentHandler upload,
            PatientDataAccess access) {
        this.access = access;
        this.open = open;
        this.send = send;
        this.acknowledge = acknowledge;
        this.close = close;
        this.read = read;
        this.upload = upload;
    }

    record OpenRequest(UUID doctorId, UUID patientId) {
    }

    /**
     * The wire bounds only; the message's own rules (1 to 4,000 characters, an id of 1 to 64 safe
     * characters) answer their precise problems. A character outside the BMP takes two UTF-16 units.
     */
    record SendRequest(@Size(max = 64) String clientMessageId, @Size(max = 2 * MessageBody.MAX_CHARACTERS) String body,
                       List<UUID> attachmentIds) {
    }

    record ReceiptRequest(Long upToSeq) {
    }

    @Operation(summary = "Open (or find) my conversation with a doctor (as a patient: doctorId) or a patient (as a doctor: patientId)")
    @PostMapping
    ResponseEntity<ConversationView> open(@RequestBody OpenRequest body, Caller caller) {
        ChatRole role = roleOf(caller);
        UUID other = role == ChatRole.PATIENT ? body.doctorId() : body.patientId();
        OpenConversationHandler.Opened opened = open.handle(new OpenConversationCommand(caller.userId(), role, other));
        if (opened.created()) {
            return ResponseEntity.created(URI.create("/api/v1/conversations/" + opened.conversation().id()))
                    .body(opened.conversation());
        }
        return ResponseEntity.ok(opened.conversation());
    }

    @Operation(summary = "My conversations, most recent activity first")
    @GetMapping
    PageView<ConversationView> mine(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, Caller caller) {
        PageView<ConversationView> conversations = read.mine(caller.userId(), new PageRequest(page, size));
        access.record(caller, DataKind.CONVERSATION, conversations.items().stream().map(ConversationView::patientId).toList());
        return conversations;
    }

    @Operation(summary = "One of my conversations")
    @GetMapping("/{id}")
    ConversationView one(@PathVariable UUID id, Caller caller) {
        ConversationView conversation = read.one(id, caller.userId());
        access.record(caller, DataKind.CONVERSATION, conversation.patientId());
        return conversation;
    }

    @Operation(summary = "Send a message (stored first, then pushed to both participants on /user/queue/messages)")
    @PostMapping("/{id}/messages")
    MessageView send(@PathVariable UUID id, @Valid @RequestBody SendRequest body, Caller caller) {
        return send.handle(SendMessageCommand.of(id, caller.userId(), body.clientMessageId(), body.body(),
                body.attachmentIds()));
    }

    @Operation(summary = "Messages in seq order: everything after afterSeq (resume), or the newest before beforeSeq; at most 200")
    @GetMapping("/{id}/messages")
    HistoryView history(@PathVariable UUID id, @RequestParam(required = false) Long afterSeq,
            @RequestParam(required = false) Long beforeSeq, @RequestParam(required = false) Integer limit,
            Caller caller) {
        return read.history(id, caller, afterSeq, beforeSeq, limit);
    }

    @Operation(summary = "I read everything up to and including upToSeq (never moves back)")
    @PostMapping("/{id}/read")
    AcknowledgeHandler.ReceiptView read(@PathVariable UUID id, @RequestBody ReceiptRequest body, Caller caller) {
        return acknowledge.handle(new AcknowledgeCommand(id, caller.userId(), ReceiptKind.READ, body.upToSeq()));
    }

    @Operation(summary = "My device received everything up to and including upToSeq (never moves back)")
    @PostMapping("/{id}/delivered")
    AcknowledgeHandler.ReceiptView delivered(@PathVariable UUID id, @RequestBody ReceiptRequest body, Caller caller) {
        return acknowledge.handle(new AcknowledgeCommand(id, caller.userId(), ReceiptKind.DELIVERED, body.upToSeq()));
    }

    @Operation(summary = "Close the conversation: read-only until reopened (the doctor only)")
    @PostMapping("/{id}/close")
    ConversationView close(@PathVariable UUID id, Caller caller) {
        return close.handle(id, caller.userId(), true);
    }

    @Operation(summary = "Reopen a closed conversation (the doctor only)")
    @PostMapping("/{id}/reopen")
    ConversationView reopen(@PathVariable UUID id, Caller caller) {
        return close.handle(id, caller.userId(), false);
    }

    @Operation(summary = "Upload an image (JPEG, PNG, GIF, WebP) or a PDF of up to 10 MB, to send with a message")
    @PostMapping(path = "/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<AttachmentView> upload(@PathVariable UUID id, @RequestPart("file") MultipartFile file, Caller caller) {
        AttachmentView stored = upload.handle(new UploadAttachmentCommand(id, caller.userId(), file.getOriginalFilename(),
                file.getSize(), () -> {
                    try {
                        return file.getBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + id + "/attachments/" + stored.id()))
                .body(stored);
    }

    @Operation(summary = "Download a file of the conversation (its two participants only)")
    @GetMapping("/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID attachmentId, Caller caller) {
        ReadConversationHandler.Download download = read.attachment(id, attachmentId, caller);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(download.attachment().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(download.attachment().name(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(download.content());
    }

    static ChatRole roleOf(Caller caller) {
        if (caller.hasRole("DOCTOR")) {
            return ChatRole.DOCTOR;
        }
        if (caller.hasRole("PATIENT")) {
            return ChatRole.PATIENT;
        }
        throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only patients and doctors have conversations");
    }
}
