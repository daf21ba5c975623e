package org.medbook.payments.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.payments.application.AnswerDisputeCommand;
import org.medbook.payments.application.AnswerDisputeHandler;
import org.medbook.payments.application.DisputeDetailView;
import org.medbook.payments.application.DisputeStore;
import org.medbook.payments.application.NoteDisputeCommand;
import org.medbook.payments.application.NoteDisputeHandler;
import org.medbook.payments.application.PaymentQueries;
import org.medbook.payments.application.RefundPaymentCommand;
import org.medbook.payments.application.RefundPaymentHandler;
import org.medbook.payments.application.RefundPaymentHandler.RefundRequestView;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.idempotency.IdempotentRequests;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Back office: payments", description = "Monitoring, refunds, disputes")
class AdminPaymentsController {

    private final PaymentQueries queries;
    private final RefundPaymentHandler refunds;
    private final NoteDisputeHandler notes;
    private final IdempotentRequests idempotency;
    private final AnswerDisputeHandler answers;
    private final PatientDataAccess access;

    AdminPaymentsController(PaymentQueries queries, RefundPaymentHandler refunds, NoteDisputeHandler notes,
            IdempotentRequests idempotency, AnswerDisputeHandler answers, PatientDataAccess access) {
        this.answers = answers;
        this.access = access;
        this.queries = queries;
        this.refunds = refunds;
        this.notes = notes;
        this.idempotency = idempotency;
    }

    record RefundOrder(@Positive Long amountMinor, @MultilineText @Size(max = 500) String reason) {
    }

    record DisputeNote(@MultilineText @Size(max = 2000) String note) {
    }

    @Operation(summary = "All payments, filtered by view, status, method, date, doctor and patient; newest first",
            description = "view=stuck lists online payments still unpaid after their hold expired and refunds the "
                    + "provider has not confirmed after medbook.payments.stuck.refund-after (a day by default); "
                    + "view=failed the failed ones. The other filters narrow any view; from/to bound the creation time.")
    @GetMapping("/payments")
    @PreAuthorize("hasAuthority('payments:read')")
    PageView<PaymentView> payments(@RequestParam(defaultValue = "all") @Pattern(regexp = "all|stuck|failed") String view,
            @RequestParam(required = false) PaymentStatus status,
            @RequestParam(required = false) PaymentMethod method, @RequestParam(required = false) UUID doctorId,
            @RequestParam(required = false) UUID patientId, @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, Caller caller) {
        PageView<PaymentView> payments = queries.list(filter(view, status, method, doctorId, patientId, from, to),
                new PageRequest(page, size));
        access.record(caller, DataKind.PAYMENT, payments.items().stream().map(PaymentView::patientId).toList());
        return payments;
    }

    @Operation(summary = "Totals of the payments the same filters select: count, and per currency the amount, what "
            + "was collected, refunded and kept (net), in minor units")
    @GetMapping("/payments/totals")
    @PreAuthorize("hasAuthority('payments:read')")
    PaymentQueries.TotalsView totals(@RequestParam(defaultValue = "all") @Pattern(regexp = "all|stuck|failed") String view,
            @RequestParam(required = false) PaymentStatus status,
            @RequestParam(required = false) PaymentMethod method, @RequestParam(required = false) UUID doctorId,
            @RequestParam(required = false) UUID patientId, @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to, Caller caller) {
        PaymentQueries.TotalsView totals = queries.totals(filter(view, status, method, doctorId, patientId, from, to));
        // Sums alone name nobody; narrowed to one patient they are that patient's payments.
        access.record(caller, DataKind.PAYMENT, patientId);
        return totals;
    }

    private static PaymentQueries.Filter filter(String view, PaymentStatus status, PaymentMethod method, UUID doctorId,
            UUID patientId, OffsetDateTime from, OffsetDateTime to) {
        return new PaymentQueries.Filter(patientId, doctorId, status, method, from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(), switch (view) {
                    case "stuck" -> PaymentQueries.View.STUCK;
                    case "failed" -> PaymentQueries.View.FAILED;
                    case "all" -> PaymentQueries.View.ALL;
                    default -> throw MedbookException.badInput("invalid-parameter", "view must be all, stuck or failed");
                });
    }

    /** What a refund's Idempotency-Key stands for: the same order for another payment is another request. */
    record RefundOf(UUID paymentId, Long amountMinor, String reason) {
    }

    @Operation(summary = "Refund a payment, wholly or partly (Idempotency-Key required; carried out with the provider after commit)",
            description = "The same key and body replay the first answer; the same key with another body is refused (422 "
                    + "idempotency-key-reused). The provider's idempotency key is derived from this one, so a repeated "
                    + "request never refunds twice and two keys are two refunds.")
    @ApiResponse(responseCode = "202", description = "Accepted; the provider is asked after commit",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RefundRequestView.class)))
    @PostMapping("/payments/{id}/refund")
    @PreAuthorize("hasAuthority('disputes:manage')")
    ResponseEntity<String> refund(@PathVariable UUID id, @Valid @RequestBody(required = false) RefundOrder body,
            @Parameter(required = true, description = "1 to 255 characters; a retry with the same key and body replays the first answer")
            @RequestHeader(name = "Idempotency-Key", required = false) String key, Caller caller) {
        Long amount = body == null ? null : body.amountMinor();
        String reason = body == null ? null : body.reason();
        IdempotentRequests.Answer answer = idempotency.run(caller.userId(), key, new RefundOf(id, amount, reason),
                HttpStatus.ACCEPTED.value(),
                () -> refunds.handle(new RefundPaymentCommand(id, amount, reason, caller.userId(), key)));
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON).body(answer.json());
    }

    @Operation(summary = "Disputes, optionally by status")
    @GetMapping("/disputes")
    @PreAuthorize("hasAnyAuthority('disputes:manage', 'payments:read')")
    PageView<DisputeStore.DisputeView> disputes(@RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, Caller caller) {
        PageView<DisputeStore.DisputeView> disputes = queries.disputes(status, new PageRequest(page, size));
        access.record(caller, DataKind.DISPUTE,
                queries.patientsOf(disputes.items().stream().map(DisputeStore.DisputeView::paymentId).toList()));
        return disputes;
    }

    @Operation(summary = "One dispute: its payment, booking, the provider's page (PayPal disputes are answered there) "
            + "and the evidence sent")
    @GetMapping("/disputes/{id}")
    @PreAuthorize("hasAnyAuthority('disputes:manage', 'payments:read')")
    DisputeDetailView dispute(@PathVariable UUID id, Caller caller) {
        DisputeDetailView dispute = answers.detail(id);
        access.record(caller, DataKind.DISPUTE, queries.patientsOf(List.of(dispute.paymentId())));
        return dispute;
    }

    @Operation(summary = "Send evidence to Stripe (multipart: text, up to 4 files of 4.5 MB together, submit=true to "
            + "submit it for review, otherwise it is saved at Stripe as a draft)",
            description = "422 dispute-not-open once Stripe no longer takes evidence; 422 dispute-answered-at-provider "
                    + "for PayPal disputes.")
    @PostMapping(value = "/disputes/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasAuthority('disputes:manage')")
    DisputeDetailView evidence(@PathVariable UUID id, @RequestParam(required = false) String text,
            @RequestParam(defaultValue = "false") boolean submit,
            @RequestParam(name = "files", required = false) java.util.List<org.springframework.web.multipart.MultipartFile> files,
            Caller caller) throws java.io.IOException {
        java.util.List<AnswerDisputeCommand.EvidenceFile> evidence = new java.util.ArrayList<>();
        for (org.springframework.web.multipart.MultipartFile file : files == null
                ? java.util.List.<org.springframework.web.multipart.MultipartFile>of() : files) {
            evidence.add(new AnswerDisputeCommand.EvidenceFile(file.getOriginalFilename(), file.getBytes()));
        }
        return answers.handle(new AnswerDisputeCommand(id, submit ? AnswerDisputeCommand.Answer.SUBMIT_EVIDENCE
                : AnswerDisputeCommand.Answer.SAVE_EVIDENCE, text, evidence, caller.userId(), caller.clientIp()));
    }

    @Operation(summary = "Accept the dispute at Stripe: the cardholder keeps the money")
    @PostMapping("/disputes/{id}/accept")
    @PreAuthorize("hasAuthority('disputes:manage')")
    DisputeDetailView accept(@PathVariable UUID id, Caller caller) {
        return answers.handle(new AnswerDisputeCommand(id, AnswerDisputeCommand.Answer.ACCEPT, null, null,
                caller.userId(), caller.clientIp()));
    }

    @Operation(summary = "Note how a dispute is being handled")
    @PatchMapping("/disputes/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('disputes:manage')")
    void note(@PathVariable UUID id, @Valid @RequestBody DisputeNote body) {
        notes.handle(new NoteDisputeCommand(id, body.note()));
    }
}
