package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.booking.domain.BookingPolicy;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.Payments;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reading bookings: a patient their own, a doctor theirs, the back office any. */
@Component
public class BookingQueries {

    /**
     * {@code activeOnly} keeps the bookings that still hold their time (pending or confirmed); a null
     * field filters nothing.
     */
    public record Filter(UUID patientId, UUID doctorId, AppointmentStatus status, boolean activeOnly, Instant from,
                         Instant to, PaymentMethod paymentMethod, boolean newestFirst) {
    }

    public interface BookingDirectory {
        PageView<Appointment> list(Filter filter, PageRequest page);
    }

    private final BookingDirectory directory;
    private final Appointments appointments;
    private final Payments payments;
    private final Clock clock;
    private final BookingProperties properties;

    BookingQueries(BookingDirectory directory, Appointments appointments, Payments payments, Clock clock,
            BookingProperties properties) {
        this.directory = directory;
        this.appointments = appointments;
        this.payments = payments;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public BookingView get(UUID bookingId, Caller caller) {
        Appointment a = appointments.find(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
        BookingAccess.actorOf(a, caller);
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }

    /**
     * A patient's bookings: upcoming (soonest first) or past (latest first). Upcoming means still
     * active and in the future unless a status is asked for, which then picks any booking of it.
     */
    @Transactional(readOnly = true)
    public PageView<BookingView> patient(UUID patientId, boolean upcoming, AppointmentStatus status, PageRequest page) {
        Instant now = clock.instant();
        return views(directory.list(new Filter(patientId, null, status, upcoming && status == null,
                upcoming ? now : null, upcoming ? null : now, null, !upcoming), page));
    }

    @Transactional(readOnly = true)
    public PageView<BookingView> list(Filter filter, PageRequest page) {
        return views(directory.list(filter, page));
    }

    /** A doctor's booking terms as the doctor sees them, with the grace period the platform adds to every booking. */
    public record PolicyView(int freeCancellationHours, boolean requiresApproval, long freeCancellationGraceMinutes) {

        static PolicyView of(BookingPolicy policy, BookingProperties properties) {
            return new PolicyView(policy.freeCancellationHours(), policy.requiresApproval(),
                    properties.freeCancellationGrace().toMinutes());
        }
    }

    @Transactional(readOnly = true)
    public PolicyView policy(UUID doctorId) {
        return PolicyView.of(appointments.policyOf(doctorId), properties);
    }

    private PageView<BookingView> views(PageView<Appointment> page) {
        return page.map(a -> BookingView.of(a, payments.forBooking(a.id()).orElse(null)));
    }
}
