package org.medbook.reviews.api;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.reviews.application.EditReviewCommand;
import org.medbook.reviews.application.EditReviewHandler;
import org.medbook.reviews.application.ReportReviewCommand;
import org.medbook.reviews.application.ReportReviewHandler;
import org.medbook.reviews.application.ReviewQueries;
import org.medbook.reviews.application.ReviewView;
import org.medbook.reviews.application.WriteReviewCommand;
import org.medbook.reviews.application.WriteReviewHandler;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Patients review their completed visits and report reviews; anyone reads a doctor's visible reviews. */
@RestController
@Tag(name = "Reviews")
class ReviewsController {

    private final WriteReviewHandler write;
    private final EditReviewHandler edit;
    private final ReportReviewHandler report;
    private final ReviewQueries queries;

    ReviewsController(WriteReviewHandler write, EditReviewHandler edit, ReportReviewHandler report, ReviewQueries queries) {
        this.write = write;
        this.edit = edit;
        this.report = report;
        this.queries = queries;
    }

    record ReviewBody(@NotNull @Min(1) @Max(5) Integer rating, @MultilineText @Size(max = 2000) String text,
                      Boolean anonymous) {
    }

    record ReportBody(@NotBlank @MultilineText @Size(max = 1000) String reason) {
    }

    @Operation(summary = "Review a completed visit (once per booking; plain text up to 2,000 characters)",
            description = "422 booking-not-completed, booking-not-yours or already-reviewed. anonymous hides even the "
                    + "first name from the public.")
    @PostMapping("/api/v1/bookings/{id}/review")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('PATIENT')")
    ReviewView write(@PathVariable UUID id, @Valid @RequestBody ReviewBody body, Caller caller) {
        return write.handle(new WriteReviewCommand(id, caller.userId(), body.rating(), body.text(),
                Boolean.TRUE.equals(body.anonymous())));
    }

    @Operation(summary = "Change one's review while the edit window lasts (14 days from writing; 422 review-window-over)")
    @PutMapping("/api/v1/bookings/{id}/review")
    @PreAuthorize("hasRole('PATIENT')")
    ReviewView edit(@PathVariable UUID id, @Valid @RequestBody ReviewBody body, Caller caller) {
        return edit.handle(new EditReviewCommand(id, caller.userId(), body.rating(), body.text(),
                Boolean.TRUE.equals(body.anonymous())));
    }

    @Operation(summary = "My review of this booking")
    @GetMapping("/api/v1/bookings/{id}/review")
    @PreAuthorize("hasRole('PATIENT')")
    ReviewView own(@PathVariable UUID id, Caller caller) {
        return queries.ownReview(id, caller.userId());
    }

    @Operation(summary = "A doctor's visible reviews (public); authors as first name and initial, or Anonymous",
            description = "sort is newest (default), highest or lowest.")
    @GetMapping("/api/v1/doctors/{id}/reviews")
    PageView<ReviewView> doctorReviews(@PathVariable UUID id, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.publicList(id, sort, new PageRequest(page, size));
    }

    @Operation(summary = "Report a review to the moderators (once per patient and review)")
    @PostMapping("/api/v1/reviews/{id}/report")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('PATIENT')")
    void report(@PathVariable UUID id, @Valid @RequestBody ReportBody body, Caller caller) {
        report.handle(new ReportReviewCommand(id, caller.userId(), body.reason(), caller.clientIp()));
    }
}
