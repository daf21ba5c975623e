package org.medbook.booking.application;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.domain.Appointment;
import org.medbook.doctors.ConsultationType;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;

/** A booking as its patient, its doctor or the back office sees it; times carry the doctor's offset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BookingView(UUID id, AppointmentStatus status, UUID doctorId, UUID patientId, OffsetDateTime start,
                          OffsetDateTime end, String zone, ConsultationType type, UUID locationId, Payment payment,
                          Policy policy, OffsetDateTime holdExpiresAt, String reason, Cancellation cancellation,
                          UUID rebookedFrom, Patient patient, Doctor doctor) {

    /**
     * The patient as the reader may see them: staff get the name, the doctor also the age (in whole years, on
     * today's date in the doctor's zone) and the proved phone. Absent for an erased account.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patient(String name, Integer age, String phone) {
    }

    /** The doctor as the reader may see them: the name, and for the patient the practice the visit is at. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Doctor(String name, String practiceName, String practiceAddress) {
    }

    /** The same booking naming its people. */
    BookingView naming(Patient patient, Doctor doctor) {
        return new BookingView(id, status, doctorId, patientId, start, end, zone, type, locationId, payment, policy,
                holdExpiresAt, reason, cancellation, rebookedFrom, patient, doctor);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Payment(PaymentMethod method, PaymentStatus status, long amountMinor, String currency,
                          String clientSecret, String approvalUrl, Long refundedMinor) {
    }

    /**
     * Until when the patient may cancel for free or reschedule, and why: the doctor's notice in hours
     * before the start, or the platform's grace period after booking when it ends later.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Policy(OffsetDateTime freeCancellationUntil, long freeCancellationNoticeHours,
                         OffsetDateTime gracePeriodUntil) {
    }

    public record Cancellation(String by, String reason) {
    }

    static BookingView of(Appointment a, PaymentView payment) {
        ZoneId zone = ZoneId.of(a.timeZone());
        Payment money = payment == null
                ? new Payment(a.paymentMethod(), null, a.price().amountMinor(), a.price().currency(), null, null, null)
                : new Payment(payment.method(), payment.status(), payment.amountMinor(), payment.currency(),
                        a.status() == AppointmentStatus.PENDING_PAYMENT ? payment.clientSecret() : null,
                        a.status() == AppointmentStatus.PENDING_PAYMENT ? payment.approvalUrl() : null,
                        payment.refundedMinor() == 0 ? null : payment.refundedMinor());
        return new BookingView(a.id(), a.status(), a.doctorId(), a.patientId(), at(a.start(), zone), at(a.end(), zone),
                zone.getId(), a.type(), a.locationId(), money, new Policy(at(a.freeCancellationUntil(), zone),
                        a.freeCancellationNotice().toHours(), at(a.graceUntil(), zone)),
                a.status() == AppointmentStatus.PENDING_PAYMENT ? at(a.holdExpiresAt(), zone) : null, a.reason(),
                a.cancelledBy() == null ? null : new Cancellation(a.cancelledBy().name(), a.cancellationReason()),
                a.rebookedFrom(), null, null);
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
