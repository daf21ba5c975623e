package org.medbook.visits.api;

import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The confirmation e-mail and the reminders of a VIDEO booking carry the link that joins its visit. */
class VisitNotificationTests extends VisitTestSupport {

    @Test
    void theConfirmationAndTheRemindersOfAVideoBookingCarryItsJoinLink() {
        VideoBooking booking = videoBooking();
        String link = "/visit/" + booking.id;

        String confirmation = awaitMailContaining(booking.patient.email, "is confirmed");
        assertThat(confirmation).contains("Join the video visit: http").contains(link);
        assertThat(awaitMailContaining(booking.doctor.email(), "New booking")).contains(link);

        clock.setTo(booking.start.minus(Duration.ofHours(24)).plusSeconds(30));
        String reminder = awaitMailContaining(booking.patient.email, "Your visit in 24 hours");
        assertThat(reminder).contains("Join the video visit: http").contains(link);
        assertThat(awaitMailContaining(booking.doctor.email(), "Your visit in 24 hours")).contains(link);
    }

    @Test
    void anInPersonBookingHasNoJoinLink() {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("in-person");
        booked(patient, doctor.id(), at(berlinDay(2), 9, 0), "IN_PERSON", "CASH");
        assertThat(awaitMailContaining(patient.email, "is confirmed")).doesNotContain("/visit/").doesNotContain("video visit");
    }

    /** The plain text of the newest e-mail to the address whose text contains the phrase, waiting for it. */
    private static String awaitMailContaining(String address, String phrase) {
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).stream().map(m -> textOf(m))
                .anyMatch(text -> text.contains(phrase)));
        List<MimeMessage> mails = mailsTo(address);
        return mails.stream().map(m -> textOf(m)).filter(text -> text.contains(phrase)).reduce((a, b) -> b).orElseThrow();
    }
}
