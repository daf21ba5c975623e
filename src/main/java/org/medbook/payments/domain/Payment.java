package org.medbook.payments.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;

/** The money side of one booking. Provider callbacks may repeat or arrive late; transitions say whether they changed anything. */
public final class Payment {

    private final UUID id;
    private final UUID bookingId;
    private final UUID patientId;
    private final UUID doctorId;
    private final PaymentMethod method;
    private final Money amount;
    private final Instant createdAt;
    private PaymentStatus status;
    private long refundedMinor;
    private String providerRef;
    private String captureRef;
    private String clientSecret;
    private String approvalUrl;
    private final int version;

    public Payment(UUID id, UUID bookingId, UUID patientId, UUID doctorId, PaymentMethod method, Money amount,
            PaymentStatus status, long refundedMinor, String providerRef, String captureRef, String clientSecret,
            String approvalUrl, Instant createdAt, int version) {
        this.id = Objects.requireNonNull(id);
        this.bookingId = Objects.requireNonNull(bookingId);
        this.patientId = Objects.requireNonNull(patientId);
        this.doctorId = Objects.requireNonNull(doctorId);
        this.method = Objects.requireNonNull(method);
        this.amount = Objects.requireNonNull(amount);
        this.status = Objects.requireNonNull(status);
        this.refundedMinor = refundedMinor;
        this.providerRef = providerRef;
        this.captureRef = captureRef;
        this.clientSecret = clientSecret;
        this.approvalUrl = approvalUrl;
        this.createdAt = createdAt;
        this.version = version;
    }

    public static Payment open(UUID bookingId, UUID patientId, UUID doctorId, PaymentMethod method, Money amount,
            Instant now) {
        PaymentStatus initial = method == PaymentMethod.CASH ? PaymentStatus.DUE : PaymentStatus.PENDING;
        return new Payment(UUID.randomUUID(), bookingId, patientId, doctorId, method, amount, initial, 0, null, null,
                null, null, now, 0);
    }

    /** The provider accepted the start: a PaymentIntent or an order exists. */
    public void startedAtProvider(String reference, String secret, String approval) {
        this.providerRef = reference;
        this.clientSecret = secret;
        this.approvalUrl = approval;
    }

    /** @return true when this call captured the money (false when it was already captured) */
    public boolean captured(String captureReference) {
        if (status == PaymentStatus.CAPTURED || isRefundState()) {
            return false;
        }
        // CANCELLED: the booking went away, yet the money arrived; it is recorded so it can be refunded.
        if (status != PaymentStatus.PENDING && status != PaymentStatus.AUTHORIZED && status != PaymentStatus.FAILED
                && status != PaymentStatus.CANCELLED) {
            throw new MedbookException(ProblemKind.CONFLICT, "payment-state", "A " + status + " payment cannot be captured");
        }
        status = PaymentStatus.CAPTURED;
        captureRef = captureReference;
        return true;
    }

    /** @return true when the failure changed the state */
    public boolean failed() {
        if (status != PaymentStatus.PENDING) {
            return false;
        }
        status = PaymentStatus.FAILED;
        return true;
    }

    /** How much can still be given back. */
    public long refundable() {
        return switch (status) {
            case CAPTURED, PARTIALLY_REFUNDED, REFUND_PENDING -> amount.amountMinor() - refundedMinor;
            default -> 0;
        };
    }

    public void refundRequested() {
        if (refundable() > 0) {
            status = PaymentStatus.REFUND_PENDING;
        }
    }

    /** @return true when the refund changed the state (a repeated report of the same refund does not) */
    public boolean refunded(long totalRefundedMinor) {
        if (totalRefundedMinor <= refundedMinor) {
            return false;
        }
        refundedMinor = Math.min(totalRefundedMinor, amount.amountMinor());
        status = refundedMinor >= amount.amountMinor() ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        return true;
    }

    /** The booking went away before anything was paid. */
    public boolean cancelUnpaid() {
        if (status == PaymentStatus.PENDING || status == PaymentStatus.DUE || status == PaymentStatus.FAILED) {
            status = PaymentStatus.CANCELLED;
            return true;
        }
        return false;
    }

    public void settleCash(boolean waived) {
        if (method != PaymentMethod.CASH) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "not-cash", "Only cash payments are settled by hand");
        }
        if (status != PaymentStatus.DUE) {
            throw new MedbookException(ProblemKind.CONFLICT, "payment-state", "The cash payment is " + status);
        }
        status = waived ? PaymentStatus.WAIVED : PaymentStatus.PAID;
    }

    private boolean isRefundState() {
        return status == PaymentStatus.REFUND_PENDING || status == PaymentStatus.REFUNDED
                || status == PaymentStatus.PARTIALLY_REFUNDED;
    }

    public UUID id() { return id; }
    public UUID bookingId() { return bookingId; }
    public UUID patientId() { return patientId; }
    public UUID doctorId() { return doctorId; }
    public PaymentMethod method() { return method; }
    public Money amount() { return amount; }
    public PaymentStatus status() { return status; }
    public long refundedMinor() { return refundedMinor; }
    public String providerRef() { return providerRef; }
    public String captureRef() { return captureRef; }
    public String clientSecret() { return clientSecret; }
    public String approvalUrl() { return approvalUrl; }
    public Instant createdAt() { return createdAt; }
    public int version() { return version; }
}
