package org.medbook.reviews.api;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.reviews.application.ModerateReviewCommand;
import org.medbook.reviews.application.ModerateReviewHandler;
import org.medbook.reviews.application.ReviewQueries;
import org.medbook.reviews.application.ReviewView;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.web.MultilineText;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Moderation: staff with reviews:moderate hide and restore reviews, each with a reason, in the audit trail. */
@RestController
@RequestMapping("/api/v1/admin/reviews")
@PreAuthorize("hasAuthority('reviews:moderate')")
@Tag(name = "Back office: reviews")
class AdminReviewsController {

    private final ModerateReviewHandler moderate;
    private final ReviewQueries queries;
    private final PatientDataAccess access;

    AdminReviewsController(ModerateReviewHandler moderate, ReviewQueries queries, PatientDataAccess access) {
        this.moderate = moderate;
        this.queries = queries;
        this.access = access;
    }

    record Moderation(@NotBlank @MultilineText @Size(max = 1000) String reason) {
    }

    @Operation(summary = "Reviews to moderate, most reported first; filter by hidden, reported and doctor")
    @GetMapping
    PageView<ReviewView> list(@RequestParam(required = false) Boolean hidden,
            @RequestParam(defaultValue = "false") boolean reported, @RequestParam(required = false) UUID doctorId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, Caller caller) {
        ReviewQueries.ModerationPage moderation = queries.forModeration(hidden, reported, doctorId,
                new PageRequest(page, size));
        access.record(caller, DataKind.REVIEW, moderation.authors());
        return moderation.reviews();
    }

    @Operation(summary = "Hide a review: it leaves the public list and the doctor's average at once")
    @PostMapping("/{id}/hide")
    ReviewView hide(@PathVariable UUID id, @Valid @RequestBody Moderation body, Caller caller) {
        return moderate.handle(new ModerateReviewCommand(id, true, body.reason(), caller.userId(), caller.clientIp()));
    }

    @Operation(summary = "Restore a hidden review (with a reason; audited)")
    @PostMapping("/{id}/restore")
    ReviewView restore(@PathVariable UUID id, @Valid @RequestBody Moderation body, Caller caller) {
        return moderate.handle(new ModerateReviewCommand(id, false, body.reason(), caller.userId(), caller.clientIp()));
    }
}
