package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.booking.domain.BookingPolicy;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentView;
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
    private final BookingPeople people;

    BookingQueries(BookingDirectory directory, Appointments appointments, Payments payments, Clock clock,
            BookingProperties properties, BookingPeople people) {
        this.people = people;
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
     * One booking, naming whom its reader may see: the doctor and the practice for its patient, the
     * patient's name, age and phone for its doctor, both names for the back office.
     */
    @Transactional(readOnly = true)
    public BookingView named(UUID bookingId, Caller caller) {
        Appointment a = appointments.find(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
        BookingPeople.Reader reader = switch (BookingAccess.actorOf(a, caller)) {
            case PATIENT -> BookingPeople.Reader.PATIENT;
            case DOCTOR -> BookingPeople.Reader.DOCTOR;
            case STAFF, SYSTEM -> BookingPeople.Reader.STAFF;
        };
        return people.name(List.of(BookingView.of(a, payments.forBooking(a.id()).orElse(null))), reader).getFirst();
    }

    /** One booking for the back office, with the patient's and the doctor's names. */
    @Transactional(readOnly = true)
    public BookingView getForStaff(UUID bookingId, Caller caller) {
        return people.name(List.of(get(bookingId, caller)), BookingPeople.Reader.STAFF).getFirst();
    }

    /**
     * A patient's bookings: upcoming (soonest first) or past (latest first). Upcoming means still
     * active and in the future unless a status is asked for, which then picks any booking of it.
     */
    @Transactional(readOnly = true)
    public PageView<BookingView> patient(UUID patientId, boolean upcoming, AppointmentStatus status, PageRequest page) {
        Instant now = clock.instant();
        return views(directory.list(new Filter(patientId, null, status, upcoming && status == null,
                upcoming ? now : null, upcoming ? null : now, null, !upcoming), page), BookingPeople.Reader.PATIENT);
    }

    /** The back office's search: each booking names its patient and its doctor. */
    @Transactional(readOnly = true)
    public PageView<BookingView> listForStaff(Filter filter, PageRequest page) {
        return views(directory.list(filter, page), BookingPeople.Reader.STAFF);
    }

    /** A doctor's own bookings: each names its patient, with their age and phone. */
    @Transactional(readOnly = true)
    public PageView<BookingView> listForDoctor(Filter filter, PageRequest page) {
        return views(directory.list(filter, page), BookingPeople.Reader.DOCTOR);
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

    /** The page's payments and people are read once for the whole page, never once per booking. */
    private PageView<BookingView> views(PageView<Appointment> page, BookingPeople.Reader reader) {
        Map<UUID, PaymentView> paid = payments.forBookings(page.items().stream().map(Appointment::id).toList());
        List<BookingView> views = people.name(page.items().stream()
                .map(a -> BookingView.of(a, paid.get(a.id()))).toList(), reader);
        return new PageView<>(views, page.page(), page.size(), page.totalItems());
    }
}
