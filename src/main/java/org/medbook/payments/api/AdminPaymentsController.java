package org.medbook.payments.api;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.payments.application.DisputeStore;
import org.medbook.payments.application.PaymentQueries;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Back office: payments", description = "Monitoring, refunds, disputes")
class AdminPaymentsController {

    private final PaymentQueries queries;

    AdminPaymentsController(PaymentQueries queries) {
        this.queries = queries;
    }

    record RefundOrder(@Positive Long amountMinor, @MultilineText @Size(max = 500) String reason) {
    }

    record DisputeNote(@MultilineText @Size(max = 2000) String note) {
    }

    @Operation(summary = "All payments, filtered by status, method, date and doctor")
    @GetMapping("/payments")
    @PreAuthorize("hasAuthority('payments:read')")
    PageView<PaymentView> payments(@RequestParam(required = false) PaymentStatus status,
            @RequestParam(required = false) PaymentMethod method, @RequestParam(required = false) UUID doctorId,
            @RequestParam(required = false) UUID patientId, @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return queries.list(new PaymentQueries.Filter(patientId, doctorId, status, method,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant()), new PageRequest(page, size));
    }

    @Operation(summary = "Refund a payment, wholly or partly (carried out with the provider after commit)")
    @PostMapping("/payments/{id}/refund")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAuthority('disputes:manage')")
    void refund(@PathVariable UUID id, @Valid @RequestBody(required = false) RefundOrder body, Caller caller) {
        queries.refund(id, body == null ? null : body.amountMinor(), body == null ? null : body.reason(), caller);
    }

    @GetMapping("/disputes")
    @PreAuthorize("hasAnyAuthority('disputes:manage', 'payments:read')")
    PageView<DisputeStore.DisputeView> disputes(@RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.disputes(status, new PageRequest(page, size));
    }

    @PatchMapping("/disputes/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('disputes:manage')")
    void note(@PathVariable UUID id, @Valid @RequestBody DisputeNote body) {
        queries.noteDispute(id, body.note());
    }
}
