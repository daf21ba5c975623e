package org.medbook.payments;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A payment as its payer (and the back office) sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentView(UUID id, UUID bookingId, UUID patientId, UUID doctorId, PaymentMethod method,
                          PaymentStatus status, long amountMinor, long refundedMinor, String currency,
                          String clientSecret, String approvalUrl, Instant createdAt) {
}
