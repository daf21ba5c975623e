package org.medbook.chat.application;

import java.util.UUID;

public record AttachmentView(UUID id, String name, String contentType, long size) {
}
