package org.medbook.identity.infrastructure;

import org.medbook.identity.domain.Channel;
import org.medbook.identity.domain.ContactSender;
import org.medbook.identity.domain.Destination;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * One-time codes by e-mail through SMTP (Spring Mail, {@code spring.mail.*}), sent at once because the
 * person is waiting for them. Without an SMTP host e-mail is unavailable; on a developer machine the
 * log sender stands in. Every other e-mail goes through the notifications module.
 */
@Component
class SmtpMessages implements ContactSender {

    private static final Logger log = LoggerFactory.getLogger(SmtpMessages.class);

    private final JavaMailSender mail;
    private final String from;

    SmtpMessages(ObjectProvider<JavaMailSender> mail, @Value("${medbook.mail.from:Medbook <no-reply@medbook.org>}") String from) {
        this.mail = mail.getIfAvailable();
        this.from = from;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.EMAIL && mail != null;
    }

    @Override
    public void sendCode(Destination destination, String code, long validMinutes) {
        send(destination.value(), "Your Medbook sign-in code",
                "Your Medbook code is " + code + ".\n\nIt expires in " + validMinutes
                        + " minutes and works once. If you did not ask for it, ignore this e-mail.");
    }

    private void send(String to, String subject, String text) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            mail.send(message);
        } catch (MailException e) {
            log.warn("E-mail to {} failed: {}", mask(to), e.getClass().getSimpleName());
            throw new MedbookException(ProblemKind.UNAVAILABLE, "delivery-failed",
                    "The e-mail could not be sent right now; try again shortly");
        }
    }

    static String mask(String email) {
        int at = email.indexOf('@');
        return at < 1 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }
}
