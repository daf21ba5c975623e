package org.medbook.payments.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.medbook.payments.PaymentEvents.CashSettled;
import org.medbook.payments.PaymentEvents.PaymentFailed;
import org.medbook.payments.PaymentEvents.PaymentRefunded;
import org.medbook.payments.PaymentEvents.PaymentSucceeded;
import org.medbook.payments.PaymentEvents.RefundRequested;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.Payments.StartPayment;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;

/**
 * The money side of one booking. Provider callbacks may repeat or arrive late: a transition that
 * changed something returns the event that says so, one that did not returns nothing, and its
 * caller publishes exactly what it got.
 */
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
    private long refundPendingMinor;
    private String providerRef;
    private String captureRef;
    private String clientSecret;
    private String approvalUrl;
    private final int version;

    public Payment(UUID id, UUID bookingId, UUID patientId, UUID doctorId, PaymentMethod method, Money amount,
            PaymentStatus status, long refundedMinor, long refundPendingMinor, String providerRef, String captureRef,
            String clientSecret, String approvalUrl, Instant createdAt, int version) {
        this.id = Objects.requireNonNull(id);
        this.bookingId = Objects.requireNonNull(bookingId);
        this.patientId = Objects.requireNonNull(patientId);
        this.doctorId = Objects.requireNonNull(doctorId);
        this.method = Objects.requireNonNull(method);
        this.amount = Objects.requireNonNull(amount);
        this.status = Objects.requireNonNull(status);
        this.refundedMinor = refundedMinor;
        this.refundPendingMinor = refundPendingMinor;
        this.providerRef = providerRef;
        this.captureRef = captureRef;
        this.clientSecret = clientSecret;
        this.approvalUrl = approvalUrl;
        this.createdAt = createdAt;
        this.version = version;
    }

    public static Payment open(StartPayment request, Instant now) {
        PaymentStatus initial = request.method() == PaymentMethod.CASH ? PaymentStatus.DUE : PaymentStatus.PENDING;
        return new Payment(UUID.randomUUID(), request.bookingId(), request.patientId(), request.doctorId(),
                request.method(), request.amount(), initial, 0, 0, null, null, null, null, now, 0);
    }

    /** The provider accepted the start: a PaymentIntent or an order exists. */
    public void startedAtProvider(String reference, String secret, String approval) {
        this.providerRef = reference;
        this.clientSecret = secret;
        this.approvalUrl = approval;
    }

    /** @return the capture, or nothing when the money was already captured */
    public Optional<PaymentSucceeded> capture(String captureReference, Instant now) {
        if (status == PaymentStatus.CAPTURED || isRefundState()) {
            return Optional.empty();
        }
        // CANCELLED: the booking went away, yet the money arrived; it is recorded so it can be refunded.
        if (status != PaymentStatus.PENDING && status != PaymentStatus.AUTHORIZED && status != PaymentStatus.FAILED
                && status != PaymentStatus.CANCELLED) {
            throw new MedbookException(ProblemKind.CONFLICT, "payment-state", "A " + status + " payment cannot be captured");
        }
        status = PaymentStatus.CAPTURED;
        captureRef = captureReference;
        return Optional.of(new PaymentSucceeded(UUID.randomUUID(), now, id, bookingId, amount.amountMinor(),
                amount.currency()));
    }

    /** @return the failure, or nothing when it came too late or twice */
    public Optional<PaymentFailed> fail(String reason, Instant now) {
        if (status != PaymentStatus.PENDING) {
            return Optional.empty();
        }
        status = PaymentStatus.FAILED;
        return Optional.of(new PaymentFailed(UUID.randomUUID(), now, id, bookingId, reason));
    }

    /** How much can still be asked back: neither refunded nor already asked for and not yet confirmed. */
    public long refundable() {
        return unrefunded() - refundPendingMinor;
    }

    /** What the provider has not given back yet, whatever is already asked for. */
    public long unrefunded() {
        return switch (status) {
            case CAPTURED, PARTIALLY_REFUNDED, REFUND_PENDING -> amount.amountMinor() - refundedMinor;
            default -> 0;
        };
    }

    /**
     * Asks for money back from this payment (all that is left when {@code amountMinor} is null) and
     * reserves it, so a second request before the provider confirms this one cannot ask for the same
     * money again. The provider is called after commit by whoever follows {@link RefundRequested}.
     *
     * @throws MedbookException {@code refund-not-possible} when nothing or less than asked is left
     */
    public RefundRequested requestRefund(UUID requestId, Long amountMinor, String reason, UUID actorId, Instant now) {
        long left = refundable();
        long amountToRefund = amountMinor == null ? left : amountMinor;
        if (amountToRefund <= 0 || amountToRefund > left) {
            String pending = refundPendingMinor == 0 ? ""
                    : " (" + refundPendingMinor + " more is already being refunded and not yet confirmed)";
            throw new MedbookException(ProblemKind.RULE_BROKEN, "refund-not-possible",
                    "At most " + Math.max(left, 0) + " (minor units) can be refunded from this payment" + pending);
        }
        reserveRefund(amountToRefund);
        return new RefundRequested(requestId, now, bookingId, amountToRefund, reason, actorId);
    }

    /**
     * Reserves a refund asked for elsewhere (a cancellation, a decline), bounded by what is left.
     *
     * @return the amount reserved, 0 when nothing is left
     */
    public long reserveRefund(long amountMinor) {
        long reserved = Math.max(0, Math.min(amountMinor, refundable()));
        refundPendingMinor += reserved;
        return reserved;
    }

    /** The provider took the refund but has not confirmed it yet. */
    public void refundRequested() {
        if (unrefunded() > 0) {
            status = PaymentStatus.REFUND_PENDING;
        }
    }

    /**
     * Records the provider's running total of refunds.
     *
     * @return the refund of what is new in that total, or nothing for a repeated or older report
     */
    public Optional<PaymentRefunded> recordRefunds(long totalRefundedMinor, String reason, Instant now) {
        if (totalRefundedMinor <= refundedMinor) {
            return Optional.empty();
        }
        long before = refundedMinor;
        refundedMinor = Math.min(totalRefundedMinor, amount.amountMinor());
        // what the provider now confirms is no longer pending
        refundPendingMinor = Math.max(0, refundPendingMinor - (refundedMinor - before));
        status = refundedMinor >= amount.amountMinor() ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        return Optional.of(new PaymentRefunded(UUID.randomUUID(), now, id, bookingId, patientId, refundedMinor - before,
                amount.currency(), reason));
    }

    /** The booking went away before anything was paid. */
    public boolean cancelUnpaid() {
        if (status == PaymentStatus.PENDING || status == PaymentStatus.DUE || status == PaymentStatus.FAILED) {
            status = PaymentStatus.CANCELLED;
            return true;
        }
        return false;
    }

    public CashSettled settleCash(boolean waived, Instant now) {
        if (method != PaymentMethod.CASH) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "not-cash", "Only cash payments are settled by hand");
        }
        if (status != PaymentStatus.DUE) {
            throw new MedbookException(ProblemKind.CONFLICT, "payment-state", "The cash payment is " + status);
        }
        status = waived ? PaymentStatus.WAIVED : PaymentStatus.PAID;
        return new CashSettled(UUID.randomUUID(), now, id, bookingId, amount.amountMinor(), amount.currency(), waived);
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
    public long refundPendingMinor() { return refundPendingMinor; }
    public String providerRef() { return providerRef; }
    public String captureRef() { return captureRef; }
    public String clientSecret() { return clientSecret; }
    public String approvalUrl() { return approvalUrl; }
    public Instant createdAt() { return createdAt; }
    public int version() { return version; }
}
