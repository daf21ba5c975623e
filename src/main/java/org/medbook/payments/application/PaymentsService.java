package org.medbook.payments.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentView;
import org.medbook.payments.Payments;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts payments. The payment row is committed before the provider is called and the provider's
 * answer in a second short transaction, so no database transaction waits on the network, and a
 * repeated start (same booking) reuses the provider's idempotency key instead of paying twice.
 */
@Component
class PaymentsService implements Payments {

    private final PaymentRecords records;
    private final StripeGateway stripe;
    private final PaypalGateway paypal;
    private final PaymentsProperties properties;
    private final TransactionTemplate transaction;
    private final SettleCashHandler settleCash;
    private final Clock clock;
    private final PaymentQueries.PaymentDirectory directory;

    PaymentsService(PaymentQueries.PaymentDirectory directory, PaymentRecords records, StripeGateway stripe, PaypalGateway paypal, PaymentsProperties properties,
            PlatformTransactionManager transactions, SettleCashHandler settleCash, Clock clock) {
        this.directory = directory;
        this.records = records;
        this.settleCash = settleCash;
        this.stripe = stripe;
        this.paypal = paypal;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @Override
    public List<PaymentMethod> availableMethods() {
        List<PaymentMethod> methods = new ArrayList<>();
        if (properties.stripe().enabled()) {
            methods.add(PaymentMethod.STRIPE);
        }
        if (properties.paypal().enabled()) {
            methods.add(PaymentMethod.PAYPAL);
        }
        if (properties.cashEnabled()) {
            methods.add(PaymentMethod.CASH);
        }
        return methods;
    }

    @Override
    public PaymentView start(StartPayment request) {
        if (!availableMethods().contains(request.method())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "payment-method-unavailable",
                    request.method() + " payments are not offered on this server");
        }
        if (request.method() == PaymentMethod.CASH) {
            // Cash joins the booking's own transaction: the booking and its due payment commit together.
            Payment payment = Payment.open(request, clock.instant());
            records.addWithEntry(payment, "CASH_DUE");
            return PaymentViews.of(payment);
        }
        Payment payment = transaction.execute(status -> {
            Payment opened = records.addOrGet(Payment.open(request, clock.instant()));
            if (opened.providerRef() == null) {
                records.record(opened, "ATTEMPT", opened.amount().amountMinor(), null, request.method().name());
            }
            return opened;
        });
        if (payment.providerRef() != null) {
            return PaymentViews.of(payment);
        }
        String reference;
        String secret = null;
        String approval = null;
        try {
            if (request.method() == PaymentMethod.STRIPE) {
                StripeGateway.Intent intent = stripe.createIntent(request.bookingId(), request.amount(), request.description());
                reference = intent.id();
                secret = intent.clientSecret();
            } else {
                PaypalGateway.Order order = paypal.createOrder(request.bookingId(), request.amount(), request.description());
                reference = order.id();
                approval = order.approvalUrl();
            }
        } catch (MedbookException e) {
            transaction.executeWithoutResult(status -> records.lockByBooking(request.bookingId()).ifPresent(failed -> {
                // Not announced as PaymentFailed: the provider never saw a payment, and the caller hears of it in the
                // answer to this very request.
                failed.fail(e.slug(), clock.instant());
                records.update(failed);
                records.record(failed, "START_FAILED", 0, null, e.slug());
            }));
            throw e;
        }
        String providerRef = reference;
        String clientSecret = secret;
        String approvalUrl = approval;
        return transaction.execute(status -> {
            Payment started = records.lockByBooking(request.bookingId()).orElseThrow();
            started.startedAtProvider(providerRef, clientSecret, approvalUrl);
            records.update(started);
            records.record(started, "STARTED", started.amount().amountMinor(), providerRef, null);
            return PaymentViews.of(started);
        });
    }

    @Override
    public Optional<PaymentView> forBooking(UUID bookingId) {
        return records.byBooking(bookingId).map(PaymentViews::of);
    }

    @Override
    public java.util.Map<UUID, PaymentView> forBookings(java.util.Collection<UUID> bookingIds) {
        return directory.forBookings(bookingIds);
    }

    @Override
    public PaymentView settleCash(UUID bookingId, boolean waived, UUID actorId) {
        return settleCash.handle(new SettleCashCommand(bookingId, waived, actorId));
    }
}
