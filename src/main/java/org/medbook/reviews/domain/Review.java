package org.medbook.reviews.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.medbook.reviews.ReviewEvents;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/**
 * A patient's review of one completed visit. Only the visit's patient writes it, once; they may
 * change it while the edit window lasts. The doctor replies once; moderators hide and restore it.
 * Every change returns the events it caused.
 */
public final class Review {

    private final UUID id;
    private final UUID bookingId;
    private final UUID doctorId;
    private final UUID patientId;
    private final Instant visitStart;
    private final Instant createdAt;
    private int rating;
    private String text;
    private boolean anonymous;
    private Instant updatedAt;
    private String replyText;
    private Instant repliedAt;
    private boolean hidden;
    private String hiddenReason;
    private UUID moderatedBy;
    private Instant moderatedAt;

    public Review(UUID id, UUID bookingId, UUID doctorId, UUID patientId, Instant visitStart, Instant createdAt,
            int rating, String text, boolean anonymous, Instant updatedAt, String replyText, Instant repliedAt,
            boolean hidden, String hiddenReason, UUID moderatedBy, Instant moderatedAt) {
        this.id = Objects.requireNonNull(id);
        this.bookingId = Objects.requireNonNull(bookingId);
        this.doctorId = Objects.requireNonNull(doctorId);
        this.patientId = Objects.requireNonNull(patientId);
        this.visitStart = Objects.requireNonNull(visitStart);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.rating = ReviewText.rating(rating);
        this.text = text;
        this.anonymous = anonymous;
        this.updatedAt = updatedAt;
        this.replyText = replyText;
        this.repliedAt = repliedAt;
        this.hidden = hidden;
        this.hiddenReason = hiddenReason;
        this.moderatedBy = moderatedBy;
        this.moderatedAt = moderatedAt;
    }

    /** The visit as far as reviewing is concerned. */
    public record Visit(UUID bookingId, UUID doctorId, UUID patientId, boolean completed, Instant start) {
    }

    public record Written(Review review, List<Object> events) {
    }

    /**
     * Writes the review of a visit; refused (422, a reason per slug) when the visit is not the
     * author's, not completed or already reviewed.
     */
    public static Written write(Visit visit, UUID author, boolean alreadyReviewed, int rating, String text,
            boolean anonymous, Instant now) {
        if (!visit.patientId().equals(author)) {
            throw refused("booking-not-yours", "Only the patient of this visit may review it");
        }
        if (!visit.completed()) {
            throw refused("booking-not-completed", "Only a completed visit can be reviewed");
        }
        if (alreadyReviewed) {
            throw refused("already-reviewed", "This visit has already been reviewed; edit the review instead");
        }
        Review review = new Review(UUID.randomUUID(), visit.bookingId(), visit.doctorId(), author, visit.start(), now,
                rating, ReviewText.of(text), anonymous, now, null, null, false, null, null, null);
        return new Written(review, List.of(new ReviewEvents.ReviewPosted(UUID.randomUUID(), now, review.id,
                review.bookingId, review.doctorId, review.patientId, review.rating)));
    }

    /** The author changes the review while the window lasts (counted from when it was written). */
    public List<Object> edit(UUID author, int newRating, String newText, boolean newAnonymous, Duration window,
            Instant now) {
        if (!patientId.equals(author)) {
            throw refused("booking-not-yours", "Only the author may change this review");
        }
        if (!now.isBefore(editableUntil(window))) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "review-window-over",
                    "A review can be changed for " + window.toDays() + " days after it was written",
                    Map.of("editableUntil", editableUntil(window).toString()), null);
        }
        rating = ReviewText.rating(newRating);
        text = ReviewText.of(newText);
        anonymous = newAnonymous;
        updatedAt = now;
        return List.of(new ReviewEvents.ReviewEdited(UUID.randomUUID(), now, id, doctorId, rating));
    }

    public Instant editableUntil(Duration window) {
        return createdAt.plus(window);
    }

    /** The reviewed doctor answers once. */
    public List<Object> reply(UUID doctor, String reply, Instant now) {
        if (!doctorId.equals(doctor)) {
            throw MedbookException.notFound("Review");
        }
        if (replyText != null) {
            throw refused("already-replied", "The doctor has already replied to this review");
        }
        String checked = ReviewText.of(reply);
        if (checked == null) {
            throw MedbookException.badInput("invalid-reply", "The reply needs a text");
        }
        replyText = checked;
        repliedAt = now;
        return List.of(new ReviewEvents.ReviewReplied(UUID.randomUUID(), now, id, doctorId));
    }

    /** Hides a visible review (it leaves the average) or restores a hidden one. */
    public List<Object> moderate(boolean hide, String reason, UUID moderator, String clientIp, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw MedbookException.badInput("reason-required", "Moderation needs a reason");
        }
        if (hidden == hide) {
            throw refused(hide ? "review-already-hidden" : "review-not-hidden",
                    hide ? "The review is already hidden" : "The review is not hidden");
        }
        hidden = hide;
        hiddenReason = hide ? reason.strip() : null;
        moderatedBy = moderator;
        moderatedAt = now;
        return List.of(new ReviewEvents.ReviewModerated(UUID.randomUUID(), now, id, doctorId, hide, reason.strip(),
                moderator, clientIp));
    }

    private static MedbookException refused(String slug, String detail) {
        return new MedbookException(ProblemKind.RULE_BROKEN, slug, detail);
    }

    public UUID id() { return id; }
    public UUID bookingId() { return bookingId; }
    public UUID doctorId() { return doctorId; }
    public UUID patientId() { return patientId; }
    public Instant visitStart() { return visitStart; }
    public Instant createdAt() { return createdAt; }
    public int rating() { return rating; }
    public String text() { return text; }
    public boolean anonymous() { return anonymous; }
    public Instant updatedAt() { return updatedAt; }
    public String replyText() { return replyText; }
    public Instant repliedAt() { return repliedAt; }
    public boolean hidden() { return hidden; }
    public String hiddenReason() { return hiddenReason; }
    public UUID moderatedBy() { return moderatedBy; }
    public Instant moderatedAt() { return moderatedAt; }
}
