package org.medbook.notifications.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.notifications.application.ChannelSender;
import org.medbook.notifications.domain.Channel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Plain-text e-mail through SMTP. */
@Component
class PlainEmailChannel implements ChannelSender {

    private final JavaMailSender mail;
    private final String from;

    PlainEmailChannel(ObjectProvider<JavaMailSender> mail, @Value("${medbook.mail.from}") String from) {
        this.mail = mail.getIfAvailable();
        this.from = from;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Map<UUID, SendResult> send(List<Outgoing> batch) {
        Map<UUID, SendResult> results = new LinkedHashMap<>();
        for (Outgoing o : batch) {
            if (mail == null) {
                results.put(o.deliveryId(), new SendResult.Skipped("no SMTP server is configured"));
                continue;
            }
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(o.recipient().email());
            message.setSubject(o.title());
            message.setText(o.body() + (o.secret() == null ? "" : "\n\nYour temporary password\n\n    " + o.secret()));
            try {
                mail.send(message);
                results.put(o.deliveryId(), new SendResult.Sent(Set.of(o.recipient().email())));
            } catch (MailException e) {
                results.put(o.deliveryId(), new SendResult.Retry(e.getClass().getSimpleName(), Set.of()));
            }
        }
        return results;
    }
}
