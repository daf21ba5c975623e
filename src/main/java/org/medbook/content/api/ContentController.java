package org.medbook.content.api;

import java.time.OffsetDateTime;
import java.util.List;

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
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Public FAQs and policies, and a signed-in user's acceptance of a policy version. */
@RestController
@Tag(name = "Content")
class ContentController {

    private final FaqHandler faqs;
    private final PolicyHandler policies;

    ContentController(FaqHandler faqs, PolicyHandler policies) {
        this.faqs = faqs;
        this.policies = policies;
    }

    /** What the public sees of an FAQ. */
    record FaqView(String category, String language, String question, String answer, int position) {
    }

    @Operation(summary = "Published FAQs in order, in the language (each question falls back to English)")
    @GetMapping("/api/v1/content/faqs")
    List<FaqView> faqs(@RequestParam(required = false) String lang, @RequestParam(required = false) String category) {
        return faqs.published(lang, category).stream()
                .map(f -> new FaqView(f.category(), f.language(), f.question(), f.answer(), f.position())).toList();
    }

    @Operation(summary = "The policy version in force (now, or at a past instant), in the language or else English")
    @GetMapping("/api/v1/content/policies/{kind}")
    ContentStore.PolicyText policy(@PathVariable String kind, @RequestParam(required = false) OffsetDateTime at,
            @RequestParam(required = false) String lang) {
        return policies.inForce(kind, at == null ? null : at.toInstant(), lang);
    }

    @Operation(summary = "Every published version of a policy, newest first")
    @GetMapping("/api/v1/content/policies/{kind}/versions")
    List<ContentStore.PolicyText> versions(@PathVariable String kind) {
        return policies.versions(kind);
    }

    record Acceptance(@NotBlank @Size(max = 40) String kind, @NotNull Integer version) {
    }

    @Operation(summary = "Accept a policy version in force (recorded with the time and the client's address)")
    @PostMapping("/api/v1/me/policy-acceptances")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void accept(@Valid @RequestBody Acceptance body, Caller caller) {
        policies.accept(caller.userId(), body.kind(), body.version(), caller.clientIp());
    }
}
