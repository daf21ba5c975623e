package org.medbook.reviews.api;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.reviews.application.ReplyToReviewCommand;
import org.medbook.reviews.application.ReplyToReviewHandler;
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

@RestController
@RequestMapping("/api/v1/doctor/reviews")
@PreAuthorize("hasRole('DOCTOR')")
@Tag(name = "Doctor: reviews")
class DoctorReviewsController {

    private final ReplyToReviewHandler reply;
    private final ReviewQueries queries;

    DoctorReviewsController(ReplyToReviewHandler reply, ReviewQueries queries) {
        this.reply = reply;
        this.queries = queries;
    }

    record ReplyBody(@NotBlank @MultilineText @Size(max = 2000) String text) {
    }

    @Operation(summary = "The doctor's own reviews, hidden ones included, newest first")
    @GetMapping
    PageView<ReviewView> own(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            Caller caller) {
        return queries.doctorsOwn(caller.userId(), new PageRequest(page, size));
    }

    @Operation(summary = "Reply to a review (once; 422 already-replied)")
    @PostMapping("/{id}/reply")
    ReviewView reply(@PathVariable UUID id, @Valid @RequestBody ReplyBody body, Caller caller) {
        return reply.handle(new ReplyToReviewCommand(id, caller.userId(), body.text()));
    }
}
