package org.medbook.payments.infrastructure;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;

import org.medbook.payments.application.PaymentsProperties;
import org.medbook.payments.application.StripeGateway;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.http.ProviderHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stripe through stripe-java. Every write carries an idempotency key, and the SDK's own retries
 * (network errors, 5xx, 409) resend the same key, so a retried call never charges or refunds twice.
 */
@Component
class StripeJavaGateway implements StripeGateway {

    private static final Logger log = LoggerFactory.getLogger(StripeJavaGateway.class);

    private final StripeClient client;

    StripeJavaGateway(PaymentsProperties properties, ProviderHttpClients clients) {
        PaymentsProperties.Stripe stripe = properties.stripe();
        this.client = StripeClient.builder()
                .setApiKey(stripe.apiKey() == null || stripe.apiKey().isBlank() ? "sk_unconfigured" : stripe.apiKey())
                .setApiBase(stripe.apiBase())
                .setFilesBase(stripe.filesBase())
                .setMaxNetworkRetries(stripe.retries())
                .setHttpClient(new RestClientStripeHttp(clients.builder(stripe.timeouts()).build()))
                .build();
    }

    @Override
    public Intent createIntent(UUID bookingId, Money amount, String description) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(amount.amountMinor())
                .setCurrency(amount.currency().toLowerCase(Locale.ROOT))
                .setDescription(description)
                .putMetadata("bookingId", bookingId.toString())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
                .build();
        try {
            return intent(client.v1().paymentIntents().create(params,
                    RequestOptions.builder().setIdempotencyKey("medbook-intent-" + bookingId).build()));
        } catch (StripeException e) {
            throw translate(e);
        }
    }

    @Override
    public Intent retrieve(String intentId) {
        try {
            return intent(client.v1().paymentIntents().retrieve(intentId));
        } catch (StripeException e) {
            throw translate(e);
        }
    }

    @Override
    public IntentWithCharge retrieveWithCharge(String intentId) {
        try {
            PaymentIntent intent = client.v1().paymentIntents().retrieve(intentId,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build());
            com.stripe.model.Charge charge = intent.getLatestChargeObject();
            return new IntentWithCharge(intent(intent), charge == null ? null
                    : new Charge(charge.getId(), charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded()));
        } catch (StripeException e) {
            throw translate(e);
        }
    }

    @Override
    public Dispute retrieveDispute(String disputeId) {
        try {
            com.stripe.model.Dispute dispute = client.v1().disputes().retrieve(disputeId);
            Long dueBy = dispute.getEvidenceDetails() == null ? null : dispute.getEvidenceDetails().getDueBy();
            return new Dispute(dispute.getId(), dispute.getStatus(), dispute.getReason(),
                    dispute.getAmount() == null ? 0 : dispute.getAmount(),
                    dispute.getCurrency() == null ? null : dispute.getCurrency().toUpperCase(Locale.ROOT),
                    dueBy == null || dueBy == 0 ? null : Instant.ofEpochSecond(dueBy));
        } catch (StripeException e) {
            throw translate(e);
        }
    }

    @Override
    public String uploadEvidence(String filename, byte[] content) {
        java.nio.file.Path dir = null;
        java.nio.file.Path file = null;
        try {
            // stripe-java names the multipart part after the file: keep the client's (cleaned) name
            dir = java.nio.file.Files.createTempDirectory("medbook-evidence");
            file = dir.resolve(filename);
            java.nio.file.Files.write(file, content);
            return client.v1().files().create(com.stripe.param.FileCreateParams.builder()
                    .setPurpose(com.stripe.param.FileCreateParams.Purpose.DISPUTE_EVIDENCE)
                    .setFile(file.toFile()).build()).getId();
        } catch (StripeException e) {
            throw translate(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            try {
                if (file != null) {
                    java.nio.file.Files.deleteIfExists(file);
                }
                if (dir != null) {
                    java.nio.file.Files.deleteIfExists(dir);
                }
            } catch (java.io.IOException ignored) {
                // a temporary file left behind is removed with the temporary directory
            }
        }
    }

    @Override
    public Dispute updateDispute(String disputeId, String text, java.util.List<String> fileIds, boolean submit) {
        com.stripe.param.DisputeUpdateParams.Evidence.Builder evidence = com.stripe.param.DisputeUpdateParams.Evidence.builder();
        if (text != null) {
            evidence.setUncategorizedText(text);
        }
        // Stripe's evidence has one slot per kind of document; files go to the general ones in order.
        for (int i = 0; i < fileIds.size(); i++) {
            switch (i) {
                case 0 -> evidence.setUncategorizedFile(fileIds.get(i));
                case 1 -> evidence.setServiceDocumentation(fileIds.get(i));
                case 2 -> evidence.setCustomerCommunication(fileIds.get(i));
                default -> evidence.setReceipt(fileIds.get(i));
            }
        }
        try {
            return dispute(client.v1().disputes().update(disputeId, com.stripe.param.DisputeUpdateParams.builder()
                    .setEvidence(evidence.build()).setSubmit(submit).build()));
        } catch (StripeException e) {
            throw translate(e);
        }
    }

    @Override
    public Dispute closeDispute(String disputeId) {
        try {
            return dispute(client.v1().disputes().close(disputeId));
        } catch (StripeException e) {
            throw translate(e);
        }
    }

    private static Dispute dispute(com.stripe.model.Dispute dispute) {
        Long dueBy = dispute.getEvidenceDetails() == null ? null : dispute.getEvidenceDetails().getDueBy();
        return new Dispute(dispute.getId(), dispute.getStatus(), dispute.getReason(),
                dispute.getAmount() == null ? 0 : dispute.getAmount(),
                dispute.getCurrency() == null ? null : dispute.getCurrency().toUpperCase(Locale.ROOT),
                dueBy == null || dueBy == 0 ? null : Instant.ofEpochSecond(dueBy));
    }

    @Override
    public long refund(String intentId, long amountMinor, String idempotencyKey) {
        try {
            Refund refund = client.v1().refunds().create(
                    RefundCreateParams.builder().setPaymentIntent(intentId).setAmount(amountMinor).build(),
                    RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
            return "succeeded".equals(refund.getStatus()) ? refund.getAmount() : 0;
        } catch (StripeException e) {
            throw translate(e);
        }
    }

    private static Intent intent(PaymentIntent intent) {
        return new Intent(intent.getId(), intent.getStatus(), intent.getClientSecret(), intent.getLatestCharge());
    }

    private static MedbookException translate(StripeException e) {
        log.warn("Stripe call failed: {} (status {}, request {})", e.getClass().getSimpleName(), e.getStatusCode(),
                e.getRequestId());
        if (e instanceof CardException) {
            return new MedbookException(ProblemKind.RULE_BROKEN, "payment-declined", "The card was declined");
        }
        if (e instanceof ApiConnectionException || e instanceof ApiException || e instanceof RateLimitException) {
            return new MedbookException(ProblemKind.UNAVAILABLE, "payment-provider-unavailable",
                    "Stripe cannot be reached right now; try again shortly");
        }
        return new MedbookException(ProblemKind.UNAVAILABLE, "payment-provider-unavailable",
                "Stripe refused the request; the problem has been logged");
    }
}
