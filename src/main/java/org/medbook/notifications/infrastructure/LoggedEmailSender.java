package org.medbook.notifications.infrastructure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.notifications.application.ChannelSender;
import org.medbook.notifications.domain.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.stereotype.Component;

/**
 * On a developer machine without an SMTP server, writes each e-mail's text to the log instead of
 * sending it, so a newcomer can read a staff account's temporary password or a booking e-mail.
 * Exists only when no SMTP host is configured and {@code medbook.notifications.log-emails=true} (the
 * local default); the prod profile turns it off and refuses to start with it on.
 */
@Component
@Conditional(LoggedEmailSender.WithoutSmtpHost.class)
class LoggedEmailSender implements ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(LoggedEmailSender.class);

    private final EmailComposer composer;

    LoggedEmailSender(EmailComposer composer) {
        this.composer = composer;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Map<UUID, SendResult> send(List<Outgoing> batch) {
        Map<UUID, SendResult> results = new HashMap<>();
        for (Outgoing o : batch) {
            String to = o.recipient().email();
            if (to == null || to.isBlank()) {
                results.put(o.deliveryId(), new SendResult.Skipped("the recipient has no e-mail address"));
                continue;
            }
            EmailComposer.Email email = composer.compose(o);
            log.warn("""
                    [local development] e-mail written here instead of sent (no spring.mail.host configured)
                    To: {}
                    Subject: {}
                    {}
                    {}""", to, email.subject(), email.invite() == null ? "" : "Calendar: " + email.invite().contentType()
                    + ", UID " + email.invite().uid() + ", SEQUENCE " + email.invite().sequence() + "\n", email.text());
            results.put(o.deliveryId(), new SendResult.Sent(Set.of(to)));
        }
        return results;
    }

    /** No SMTP host (the same test Spring Mail makes) and log-emails switched on. */
    static final class WithoutSmtpHost implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.mail.host")
                    && context.getEnvironment().getProperty("medbook.notifications.log-emails", Boolean.class, false);
        }
    }
}
