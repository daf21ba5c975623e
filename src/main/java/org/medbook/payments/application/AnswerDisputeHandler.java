package org.medbook.payments.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends evidence to Stripe's Disputes API (files through its Files API first) or accepts the dispute.
 * The provider calls happen outside any transaction; what Stripe answers is recorded as the dispute's
 * new status (ledger and back office, as for a webhook), with the evidence sent and an audit entry.
 * PayPal disputes are answered in PayPal's Resolution Center (the detail links to it).
 */
@Component
public class AnswerDisputeHandler {

    /** The statuses in which Stripe still takes evidence or an acceptance. */
    static final Set<String> OPEN = Set.of("needs_response", "warning_needs_response");

    private final DisputeStore disputes;
    private final DisputeRecorder recorder;
    private final PaymentRecords records;
    private final StripeGateway stripe;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AnswerDisputeHandler(DisputeStore disputes, DisputeRecorder recorder, PaymentRecords records, StripeGateway stripe,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.disputes = disputes;
        this.recorder = recorder;
        this.records = records;
        this.stripe = stripe;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public DisputeDetailView handle(AnswerDisputeCommand command) {
        DisputeStore.DisputeDetail detail = disputes.find(command.disputeId())
                .orElseThrow(() -> MedbookException.notFound("Dispute"));
        if (!PaymentMethod.STRIPE.name().equals(detail.method())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "dispute-answered-at-provider",
                    "PayPal disputes are answered in PayPal's Resolution Center",
                    Map.of("providerUrl", DisputeDetailView.providerUrl(detail.method(), detail.dispute().providerRef())),
                    null);
        }
        if (!OPEN.contains(detail.dispute().status())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "dispute-not-open",
                    "The dispute is " + detail.dispute().status() + " and takes no more evidence or acceptance");
        }
        String ref = detail.dispute().providerRef();
        List<String> fileIds = new ArrayList<>();
        StripeGateway.Dispute answered;
        if (command.answer() == AnswerDisputeCommand.Answer.ACCEPT) {
            answered = stripe.closeDispute(ref);
        } else {
            checkEvidence(command);
            command.files().forEach(file -> fileIds.add(stripe.uploadEvidence(file.name(), file.content())));
            answered = stripe.updateDispute(ref, command.text(), fileIds,
                    command.answer() == AnswerDisputeCommand.Answer.SUBMIT_EVIDENCE);
        }
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            Payment payment = records.lockById(detail.dispute().paymentId()).orElseThrow();
            if (command.answer() != AnswerDisputeCommand.Answer.ACCEPT) {
                disputes.addEvidence(command.disputeId(), new DisputeStore.Evidence(UUID.randomUUID(), command.text(),
                        fileIds, command.files().stream().map(AnswerDisputeCommand.EvidenceFile::name).toList(),
                        command.answer() == AnswerDisputeCommand.Answer.SUBMIT_EVIDENCE, command.actorId(), now));
            }
            recorder.record(payment, answered.id(), answered.status() == null ? detail.dispute().status() : answered.status(),
                    answered.reason(), answered.amountMinor(),
                    answered.currency() == null ? detail.dispute().currency() : answered.currency(),
                    answered.evidenceDueBy());
            events.publishEvent(new PaymentEvents.DisputeAnswered(UUID.randomUUID(), now, command.disputeId(),
                    payment.id(), switch (command.answer()) {
                        case SAVE_EVIDENCE -> "evidence-saved";
                        case SUBMIT_EVIDENCE -> "evidence-submitted";
                        case ACCEPT -> "accepted";
                    }, command.actorId(), command.clientIp()));
        });
        return detail(command.disputeId());
    }

    public DisputeDetailView detail(UUID disputeId) {
        DisputeStore.DisputeDetail detail = disputes.find(disputeId).orElseThrow(() -> MedbookException.notFound("Dispute"));
        return DisputeDetailView.of(detail, disputes.evidence(disputeId));
    }

    private static void checkEvidence(AnswerDisputeCommand command) {
        boolean noText = command.text() == null || command.text().isBlank();
        if (noText && command.files().isEmpty()) {
            throw MedbookException.badInput("evidence-required", "Send a text, files or both");
        }
        if (command.text() != null && command.text().length() > 20_000) {
            throw MedbookException.badInput("evidence-too-large", "The evidence text is at most 20,000 characters");
        }
        if (command.files().size() > AnswerDisputeCommand.MAX_FILES) {
            throw MedbookException.badInput("evidence-too-large",
                    "At most " + AnswerDisputeCommand.MAX_FILES + " files per answer");
        }
        long total = command.files().stream().mapToLong(file -> file.content().length).sum();
        if (total > AnswerDisputeCommand.MAX_TOTAL_BYTES) {
            throw MedbookException.badInput("evidence-too-large", "Evidence files are at most 4.5 MB together");
        }
    }
}
