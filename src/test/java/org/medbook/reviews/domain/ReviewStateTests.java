package org.medbook.reviews.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.reviews.ReviewEvents;
import org.medbook.shared.MedbookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReviewStateTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(14);
    private final UUID patient = UUID.randomUUID();
    private final UUID doctor = UUID.randomUUID();
    private final Review.Visit completed = new Review.Visit(UUID.randomUUID(), doctor, patient, true, NOW.minusSeconds(3600));

    private Review written() {
        return Review.write(completed, patient, false, 4, "  Good  ", false, NOW).review();
    }

    @Test
    void writingAReviewOfACompletedVisitAnnouncesIt() {
        Review.Written written = Review.write(completed, patient, false, 4, "  Good  ", true, NOW);
        assertThat(written.review().text()).isEqualTo("Good");
        assertThat(written.review().anonymous()).isTrue();
        assertThat(written.events()).singleElement().isInstanceOfSatisfying(ReviewEvents.ReviewPosted.class,
                posted -> assertThat(posted.rating()).isEqualTo(4));
    }

    @Test
    void refusesAnotherPatientAVisitNotCompletedAndASecondReview() {
        assertThatThrownBy(() -> Review.write(completed, UUID.randomUUID(), false, 4, null, false, NOW))
                .hasFieldOrPropertyWithValue("slug", "booking-not-yours");
        Review.Visit pending = new Review.Visit(completed.bookingId(), doctor, patient, false, NOW);
        assertThatThrownBy(() -> Review.write(pending, patient, false, 4, null, false, NOW))
                .hasFieldOrPropertyWithValue("slug", "booking-not-completed");
        assertThatThrownBy(() -> Review.write(completed, patient, true, 4, null, false, NOW))
                .hasFieldOrPropertyWithValue("slug", "already-reviewed");
    }

    @Test
    void refusesRatingsOutsideOneToFiveAndMarkup() {
        assertThatThrownBy(() -> Review.write(completed, patient, false, 0, null, false, NOW))
                .hasFieldOrPropertyWithValue("slug", "invalid-rating");
        assertThatThrownBy(() -> Review.write(completed, patient, false, 6, null, false, NOW))
                .isInstanceOf(MedbookException.class);
        assertThatThrownBy(() -> Review.write(completed, patient, false, 3, "<a href=x>spam</a>", false, NOW))
                .hasFieldOrPropertyWithValue("slug", "invalid-text");
        assertThatThrownBy(() -> Review.write(completed, patient, false, 3, "y".repeat(2001), false, NOW))
                .hasFieldOrPropertyWithValue("slug", "invalid-text");
        assertThat(Review.write(completed, patient, false, 3, "1 < 2 & 3 > 2", false, NOW).review().text())
                .isEqualTo("1 < 2 & 3 > 2");
    }

    @Test
    void theAuthorEditsUntilTheWindowCloses() {
        Review review = written();
        assertThat(review.edit(patient, 5, "Better", false, WINDOW, NOW.plus(WINDOW).minusSeconds(1))).hasSize(1);
        assertThat(review.rating()).isEqualTo(5);
        assertThatThrownBy(() -> review.edit(patient, 1, null, false, WINDOW, NOW.plus(WINDOW)))
                .hasFieldOrPropertyWithValue("slug", "review-window-over");
        assertThatThrownBy(() -> review.edit(UUID.randomUUID(), 1, null, false, WINDOW, NOW))
                .hasFieldOrPropertyWithValue("slug", "booking-not-yours");
    }

    @Test
    void theDoctorRepliesOnce() {
        Review review = written();
        assertThatThrownBy(() -> review.reply(UUID.randomUUID(), "Hi", NOW)).hasFieldOrPropertyWithValue("slug", "not-found");
        review.reply(doctor, "Thanks", NOW);
        assertThat(review.replyText()).isEqualTo("Thanks");
        assertThatThrownBy(() -> review.reply(doctor, "Again", NOW)).hasFieldOrPropertyWithValue("slug", "already-replied");
    }

    @Test
    void moderatorsHideAndRestoreWithAReason() {
        Review review = written();
        UUID moderator = UUID.randomUUID();
        assertThatThrownBy(() -> review.moderate(true, " ", moderator, "10.0.0.1", NOW))
                .hasFieldOrPropertyWithValue("slug", "reason-required");
        assertThatThrownBy(() -> review.moderate(false, "why", moderator, "10.0.0.1", NOW))
                .hasFieldOrPropertyWithValue("slug", "review-not-hidden");
        assertThat(review.moderate(true, "Abusive", moderator, "10.0.0.1", NOW)).singleElement()
                .isInstanceOfSatisfying(ReviewEvents.ReviewModerated.class, e -> assertThat(e.action()).isEqualTo("review.hidden"));
        assertThat(review.hidden()).isTrue();
        assertThatThrownBy(() -> review.moderate(true, "again", moderator, "10.0.0.1", NOW))
                .hasFieldOrPropertyWithValue("slug", "review-already-hidden");
        review.moderate(false, "Appeal", moderator, "10.0.0.1", NOW);
        assertThat(review.hidden()).isFalse();
        assertThat(review.hiddenReason()).isNull();
    }
    @Test
    void aWrittenReviewKeepsTheVisitTheAuthorAndWhen() {
        Review review = written();
        assertThat(review.id()).isNotNull();
        assertThat(review.bookingId()).isEqualTo(completed.bookingId());
        assertThat(review.doctorId()).isEqualTo(doctor);
        assertThat(review.patientId()).isEqualTo(patient);
        assertThat(review.visitStart()).isEqualTo(completed.start());
        assertThat(review.createdAt()).isEqualTo(NOW);
        assertThat(review.updatedAt()).isEqualTo(NOW);
        assertThat(review.anonymous()).isFalse();
        assertThat(review.editableUntil(WINDOW)).isEqualTo(NOW.plus(WINDOW));
        assertThat(review.replyText()).isNull();
        assertThat(review.hidden()).isFalse();
    }

    @Test
    void anEditChangesRatingTextAndAnonymityAndAnnouncesTheNewRating() {
        Review review = written();
        Instant later = NOW.plusSeconds(3600);
        assertThat(review.edit(patient, 2, " Worse ", true, WINDOW, later)).singleElement()
                .isInstanceOfSatisfying(ReviewEvents.ReviewEdited.class, edited -> {
                    assertThat(edited.rating()).isEqualTo(2);
                    assertThat(edited.reviewId()).isEqualTo(review.id());
                });
        assertThat(review.text()).isEqualTo("Worse");
        assertThat(review.anonymous()).isTrue();
        assertThat(review.updatedAt()).isEqualTo(later);
        assertThat(review.createdAt()).isEqualTo(NOW);
    }

    @Test
    void aReplyIsAnnouncedAndNeedsAText() {
        Review review = written();
        assertThatThrownBy(() -> review.reply(doctor, "  ", NOW)).hasFieldOrPropertyWithValue("slug", "invalid-reply");
        assertThat(review.reply(doctor, " Thanks ", NOW.plusSeconds(60))).singleElement()
                .isInstanceOfSatisfying(ReviewEvents.ReviewReplied.class,
                        replied -> assertThat(replied.reviewId()).isEqualTo(review.id()));
        assertThat(review.replyText()).isEqualTo("Thanks");
        assertThat(review.repliedAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void moderationRecordsWhoAndWhenAndSaysWhyItWasRefused() {
        Review review = written();
        UUID moderator = UUID.randomUUID();
        assertThatThrownBy(() -> review.moderate(false, "why", moderator, "10.0.0.1", NOW))
                .hasMessageContaining("The review is not hidden");
        review.moderate(true, " Abusive ", moderator, "10.0.0.1", NOW.plusSeconds(5));
        assertThat(review.hiddenReason()).isEqualTo("Abusive");
        assertThat(review.moderatedBy()).isEqualTo(moderator);
        assertThat(review.moderatedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThatThrownBy(() -> review.moderate(true, "again", moderator, "10.0.0.1", NOW))
                .hasMessageContaining("The review is already hidden");
    }
    @Test
    void aTextOfExactly2000CharactersAndRatingsOneAndFiveAreAcceptedABlankTextIsNone() {
        assertThat(ReviewText.of(" " + "y".repeat(ReviewText.MAX_LENGTH) + " ")).hasSize(2000);
        assertThat(ReviewText.of(" \n ")).isNull();
        assertThat(ReviewText.of(null)).isNull();
        assertThat(ReviewText.rating(1)).isEqualTo(1);
        assertThat(ReviewText.rating(5)).isEqualTo(5);
    }
}
