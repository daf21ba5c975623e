package org.medbook.notifications.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.application.ChannelSender.Outgoing;
import org.medbook.notifications.application.ChannelSender.SendResult;
import org.medbook.notifications.application.NotificationTexts;
import org.medbook.notifications.domain.Kind;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Without an SMTP server, a developer reads e-mails in the log; never when SMTP is configured or logging is off. */
@ExtendWith(OutputCaptureExtension.class)
class LoggedEmailSenderTests {

    static final Instant NOW = Instant.parse("2027-03-01T10:00:00Z");

    private final NotificationTexts texts = new NotificationTexts();
    private final EmailComposer composer = new EmailComposer(texts,
            new EmailProperties("Medbook <no-reply@medbook.org>", null, 4), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void writesTheRecipientTheSubjectAndTheTextWithTheTemporaryPasswordAndReportsItSent(CapturedOutput output) {
        Outgoing staff = staffAccountCreated("new.helper@example.org");

        Map<UUID, SendResult> results = new LoggedEmailSender(composer).send(List.of(staff));

        assertThat(results.get(staff.deliveryId())).isEqualTo(new SendResult.Sent(Set.of("new.helper@example.org")));
        assertThat(output.getOut()).contains("To: new.helper@example.org", "Subject: Your Medbook staff account",
                "Your temporary password", "    Q7wErTy9UiOp3AsD");
    }

    @Test
    void existsOnlyWithoutAnSmtpHostAndWithLoggingSwitchedOn() {
        ApplicationContextRunner context = new ApplicationContextRunner()
                .withBean(EmailComposer.class, () -> composer)
                .withUserConfiguration(LoggedEmailSender.class);

        context.withPropertyValues("medbook.notifications.log-emails=true")
                .run(app -> assertThat(app).hasSingleBean(LoggedEmailSender.class));
        context.withPropertyValues("medbook.notifications.log-emails=true", "spring.mail.host=smtp.example.org")
                .run(app -> assertThat(app).doesNotHaveBean(LoggedEmailSender.class));
        context.withPropertyValues("medbook.notifications.log-emails=false")
                .run(app -> assertThat(app).doesNotHaveBean(LoggedEmailSender.class));
        context.run(app -> assertThat(app).doesNotHaveBean(LoggedEmailSender.class));
    }

    private Outgoing staffAccountCreated(String email) {
        UserContacts.Contact recipient = new UserContacts.Contact(UUID.randomUUID(), "New Helper", email, null, null,
                Set.of(Role.HELPER), true);
        ZoneId zone = ZoneId.of("UTC");
        Map<String, Object> data = Map.of("expiresAt", NOW.plusSeconds(72 * 3600).toString());
        return new Outgoing(UUID.randomUUID(), UUID.randomUUID(), Kind.STAFF_ACCOUNT_CREATED, recipient,
                texts.title(Kind.STAFF_ACCOUNT_CREATED, "staff", data, Locale.ENGLISH, zone),
                texts.body(Kind.STAFF_ACCOUNT_CREATED, "staff", data, Locale.ENGLISH, zone), data, Locale.ENGLISH, zone,
                "Q7wErTy9UiOp3AsD", Set.of(), 1, NOW);
    }
}
