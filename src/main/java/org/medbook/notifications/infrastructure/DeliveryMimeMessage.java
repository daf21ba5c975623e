package org.medbook.notifications.infrastructure;

import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MimeMessage whose Message-ID names its delivery ({@code <deliveryId@host>}) instead of a random
 * one: a retried delivery carries the same id, so a mail server or client that saw the first copy
 * can recognise the second, and support can find a delivery from a bounced e-mail.
 */
final class DeliveryMimeMessage extends MimeMessage {

    private final String messageId;

    DeliveryMimeMessage(Session session, UUID deliveryId, String host) {
        super(session);
        this.messageId = messageId(deliveryId, host);
    }

    static String messageId(UUID deliveryId, String host) {
        return "<" + deliveryId + "@" + host + ">";
    }

    /** Called by {@code saveChanges()}, which would otherwise make up a random id. */
    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
