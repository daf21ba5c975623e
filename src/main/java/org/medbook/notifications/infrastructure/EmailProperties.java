package org.medbook.notifications.infrastructure;

import java.io.UnsupportedEncodingException;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Medbook's e-mails leave. The SMTP server itself is Spring Mail's ({@code spring.mail.host},
 * {@code port}, {@code username}, {@code password}, timeouts under {@code spring.mail.properties}).
 *
 * @param from          the sender, also the calendar organizer: {@code Medbook <no-reply@medbook.org>}
 * @param messageIdHost the right-hand side of every Message-ID; the domain of {@code from} when empty
 * @param connections   SMTP connections a batch of deliveries is spread over, each sending its share in turn
 */
@ConfigurationProperties("medbook.mail")
record EmailProperties(@DefaultValue("Medbook <no-reply@medbook.org>") String from,
                       String messageIdHost,
                       @DefaultValue("4") int connections) {

    EmailProperties {
        try {
            InternetAddress parsed = new InternetAddress(from, true);
            if (parsed.getAddress().indexOf('@') < 1) {
                throw new IllegalArgumentException("medbook.mail.from needs a full address, such as Medbook <no-reply@example.org>");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("medbook.mail.from is not an e-mail address: " + from, e);
        }
        if (messageIdHost != null && messageIdHost.isBlank()) {
            messageIdHost = null;
        }
        if (messageIdHost != null && !messageIdHost.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("medbook.mail.message-id-host must be a host name: " + messageIdHost);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("medbook.mail.connections must be at least 1");
        }
    }

    InternetAddress sender() {
        try {
            InternetAddress parsed = new InternetAddress(from, true);
            return parsed.getPersonal() == null ? parsed : new InternetAddress(parsed.getAddress(), parsed.getPersonal(), "UTF-8");
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where Message-IDs come from: the setting, else the sender's domain. */
    String idHost() {
        if (messageIdHost != null) {
            return messageIdHost;
        }
        String address = sender().getAddress();
        return address.substring(address.indexOf('@') + 1);
    }
}
