package org.medbook.reviews.application;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.UserContacts;
import org.medbook.reviews.domain.Review;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads of reviews for the public, their author, the reviewed doctor and moderators. */
@Component
public class ReviewQueries {

    static final String ANONYMOUS = "Anonymous";

    private final ReviewReadModel reads;
    private final UserContacts contacts;
    private final ReviewsProperties properties;

    ReviewQueries(ReviewReadModel reads, UserContacts contacts, ReviewsProperties properties) {
        this.reads = reads;
        this.contacts = contacts;
        this.properties = properties;
    }

    /** The public list: visible reviews only, authors masked. */
    @Transactional(readOnly = true)
    public PageView<ReviewView> publicList(UUID doctorId, String sort, PageRequest page) {
        ReviewReadModel.Sort order;
        try {
            order = ReviewReadModel.Sort.valueOf(sort == null ? "NEWEST" : sort.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MedbookException.badInput("invalid-parameter", "sort must be newest, highest or lowest");
        }
        PageView<ReviewRow> rows = reads.visible(doctorId, order, page);
        Map<UUID, UserContacts.Contact> authors = authorsOf(rows);
        return rows.map(row -> new ReviewView(row.id(), row.doctorId(), null, row.rating(), row.text(),
                authorName(row, authors), null, true, row.createdAt(), edited(row), reply(row), null, null, null, null));
    }

    /** The doctor's own reviews, hidden ones included (marked), authors masked as for the public. */
    @Transactional(readOnly = true)
    public PageView<ReviewView> doctorsOwn(UUID doctorId, PageRequest page) {
        PageView<ReviewRow> rows = reads.ofDoctor(doctorId, page);
        Map<UUID, UserContacts.Contact> authors = authorsOf(rows);
        return rows.map(row -> new ReviewView(row.id(), row.doctorId(), row.bookingId(), row.rating(), row.text(),
                authorName(row, authors), row.anonymous(), true, row.createdAt(), edited(row), reply(row), null,
                row.hidden(), row.hiddenReason(), null));
    }

    /**
     * Moderators see the author's full name, reports and moderation.
     *
     * @param authors the patients who wrote the reviews on the page, so the read can be recorded as a read of theirs
     */
    public record ModerationPage(PageView<ReviewView> reviews, List<UUID> authors) {

        public ModerationPage {
            authors = List.copyOf(authors);
        }
    }

    @Transactional(readOnly = true)
    public ModerationPage forModeration(Boolean hidden, boolean reportedOnly, UUID doctorId, PageRequest page) {
        PageView<ReviewRow> rows = reads.forModeration(hidden, reportedOnly, doctorId, page);
        Map<UUID, UserContacts.Contact> authors = authorsOf(rows);
        PageView<ReviewView> reviews = rows.map(row -> {
            UserContacts.Contact author = authors.get(row.patientId());
            return new ReviewView(row.id(), row.doctorId(), row.bookingId(), row.rating(), row.text(),
                    author == null ? null : author.name(), row.anonymous(), true, row.createdAt(), edited(row),
                    reply(row), null, row.hidden(), row.hiddenReason(), row.reports());
        });
        return new ModerationPage(reviews, rows.items().stream().map(ReviewRow::patientId).distinct().toList());
    }

    /** The author's own review of a booking. */
    @Transactional(readOnly = true)
    public ReviewView ownReview(UUID bookingId, UUID patientId) {
        ReviewRow row = reads.byBooking(bookingId).filter(r -> r.patientId().equals(patientId))
                .orElseThrow(() -> MedbookException.notFound("Review"));
        return new ReviewView(row.id(), row.doctorId(), row.bookingId(), row.rating(), row.text(), null, row.anonymous(),
                true, row.createdAt(), edited(row), reply(row), row.createdAt().plus(properties.editWindow()),
                row.hidden(), null, null);
    }

    ReviewView ownReview(Review review) {
        return new ReviewView(review.id(), review.doctorId(), review.bookingId(), review.rating(), review.text(), null,
                review.anonymous(), true, review.createdAt(),
                review.updatedAt().equals(review.createdAt()) ? null : review.updatedAt(), reply(review),
                review.editableUntil(properties.editWindow()), review.hidden(), null, null);
    }

    ReviewView staffView(Review review) {
        return new ReviewView(review.id(), review.doctorId(), review.bookingId(), review.rating(), review.text(), null,
                review.anonymous(), true, review.createdAt(),
                review.updatedAt().equals(review.createdAt()) ? null : review.updatedAt(), reply(review), null,
                review.hidden(), review.hiddenReason(), null);
    }

    private Map<UUID, UserContacts.Contact> authorsOf(PageView<ReviewRow> rows) {
        Set<UUID> ids = new HashSet<>();
        rows.items().forEach(row -> ids.add(row.patientId()));
        return ids.isEmpty() ? Map.of() : contacts.find(ids);
    }

    private static String authorName(ReviewRow row, Map<UUID, UserContacts.Contact> authors) {
        if (row.anonymous()) {
            return ANONYMOUS;
        }
        UserContacts.Contact author = authors.get(row.patientId());
        return masked(author == null ? null : author.name());
    }

    /** "Maria Schmidt-Weber" becomes "Maria S.": a first name and the initial of the last name, nothing more. */
    static String masked(String name) {
        if (name == null || name.isBlank()) {
            return "Patient";
        }
        String[] parts = name.strip().split("\\s+");
        if (parts.length == 1) {
            return parts[0];
        }
        String last = parts[parts.length - 1];
        return parts[0] + " " + last.substring(0, last.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT) + ".";
    }

    private static java.time.Instant edited(ReviewRow row) {
        return row.updatedAt().equals(row.createdAt()) ? null : row.updatedAt();
    }

    private static ReviewView.Reply reply(ReviewRow row) {
        return row.replyText() == null ? null : new ReviewView.Reply(row.replyText(), row.repliedAt());
    }

    private static ReviewView.Reply reply(Review review) {
        return review.replyText() == null ? null : new ReviewView.Reply(review.replyText(), review.repliedAt());
    }
}
