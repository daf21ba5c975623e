package org.medbook.payments.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentView;
import org.medbook.payments.Payments;
import org.medbook.payments.application.PaymentQueries;
import org.medbook.payments.application.PaypalHandler;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Payments")
class PaymentsController {

    private final Payments payments;
    private final PaymentQueries queries;
    private final PaypalHandler paypal;

    PaymentsController(Payments payments, PaymentQueries queries, PaypalHandler paypal) {
        this.payments = payments;
        this.queries = queries;
        this.paypal = paypal;
    }

    record PaypalCapture(@NotNull UUID bookingId) {
    }

    @Operation(summary = "Payment methods this server offers (from its configuration)")
    @GetMapping("/api/v1/payment-methods")
    Map<String, List<PaymentMethod>> methods() {
        return Map.of("methods", payments.availableMethods());
    }

    @Operation(summary = "The caller's payments: a patient's own, or those for a doctor's bookings")
    @GetMapping("/api/v1/payments")
    PageView<PaymentView> mine(Caller caller, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        boolean doctor = caller.hasRole("DOCTOR");
        return queries.list(new PaymentQueries.Filter(doctor ? null : caller.userId(), doctor ? caller.userId() : null,
                null, null, null, null), new PageRequest(page, size));
    }

    @Operation(summary = "Capture a PayPal order after the patient approved it at PayPal")
    @PostMapping("/api/v1/payments/paypal/capture")
    PaymentView capture(@Valid @RequestBody PaypalCapture body, Caller caller) {
        return paypal.capture(body.bookingId(), caller.userId());
    }
}
