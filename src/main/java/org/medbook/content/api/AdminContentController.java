package org.medbook.content.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.content.application.ContentStore;
import org.medbook.content.application.FaqHandler;
import org.medbook.content.application.PolicyHandler;
import org.medbook.shared.Caller;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** FAQs and policy versions, for staff with content:manage; every change is audited. */
@RestController
@RequestMapping("/api/v1/admin/content")
@PreAuthorize("hasAuthority('content:manage')")
@Tag(name = "Back office: content")
class AdminContentController {

    private final FaqHandler faqs;
    private final PolicyHandler policies;

    AdminContentController(FaqHandler faqs, PolicyHandler policies) {
        this.faqs = faqs;
        this.policies = policies;
    }

    record FaqBody(@NotBlank @Size(max = 50) String category, @NotBlank @Size(max = 3) String language,
                   @NotBlank @Size(max = 500) String question, @NotBlank @MultilineText @Size(max = 10_000) String answer,
                   boolean published, @NotNull Integer position) {
    }

    record PolicyBody(@NotBlank @Size(max = 3) String language, @NotBlank @MultilineText @Size(max = 200_000) String text,
                      OffsetDateTime effectiveFrom, Integer version) {
    }

    @Operation(summary = "All FAQs, published or not")
    @GetMapping("/faqs")
    List<ContentStore.Faq> list(@RequestParam(required = false) String category) {
        return faqs.all(category);
    }

    @Operation(summary = "Add an FAQ text; the same (category, position) in other languages is the same question")
    @PostMapping("/faqs")
    @ResponseStatus(HttpStatus.CREATED)
    ContentStore.Faq create(@Valid @RequestBody FaqBody body, Caller caller) {
        return faqs.save(new FaqHandler.SaveFaqCommand(null, body.category(), body.language(), body.question(),
                body.answer(), body.published(), body.position(), caller));
    }

    @Operation(summary = "Change a FAQ (question, answer, published, position)")
    @PutMapping("/faqs/{id}")
    ContentStore.Faq update(@PathVariable UUID id, @Valid @RequestBody FaqBody body, Caller caller) {
        return faqs.save(new FaqHandler.SaveFaqCommand(id, body.category(), body.language(), body.question(),
                body.answer(), body.published(), body.position(), caller));
    }

    @Operation(summary = "Delete a FAQ")
    @DeleteMapping("/faqs/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id, Caller caller) {
        faqs.delete(id, caller);
    }

    @Operation(summary = "Publish a policy version (kind TERMS, PRIVACY or CANCELLATION); immutable once published",
            description = "Without version: the next version, effective from effectiveFrom. With version: another language "
                    + "of a version not yet in force (422 policy-immutable otherwise).")
    @PostMapping("/policies/{kind}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    ContentStore.PolicyText publish(@PathVariable String kind, @Valid @RequestBody PolicyBody body, Caller caller) {
        return policies.publish(new PolicyHandler.PublishPolicyCommand(kind, body.version(), body.language(), body.text(),
                body.effectiveFrom() == null ? null : body.effectiveFrom().toInstant(), caller));
    }
}
