package org.medbook.payments.application;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reading payments (a patient their own; the back office all, with filters) and disputes; never writes. */
@Component
public class PaymentQueries {

    public record Filter(UUID patientId, UUID doctorId, PaymentStatus status, PaymentMethod method, Instant from, Instant to) {
    }

    public interface PaymentDirectory {
        PageView<PaymentView> list(Filter filter, PageRequest page);

        /** The patients who made these payments, each once. */
        List<UUID> patientsOf(Collection<UUID> paymentIds);
    }

    private final PaymentDirectory directory;
    private final DisputeStore disputes;

    PaymentQueries(PaymentDirectory directory, DisputeStore disputes) {
        this.directory = directory;
        this.disputes = disputes;
    }

    @Transactional(readOnly = true)
    public PageView<PaymentView> list(Filter filter, PageRequest page) {
        return directory.list(filter, page);
    }

    /** Whose data a page of disputes shows: the patients who made the disputed payments. */
    @Transactional(readOnly = true)
    public List<UUID> patientsOf(Collection<UUID> paymentIds) {
        return directory.patientsOf(paymentIds);
    }

    @Transactional(readOnly = true)
    public PageView<DisputeStore.DisputeView> disputes(String status, PageRequest page) {
        return disputes.list(status, page);
    }
}
