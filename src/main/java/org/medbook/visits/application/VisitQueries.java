package org.medbook.visits.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.Bookings;
import org.medbook.booking.Bookings.BookingSnapshot;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.visits.VisitLinks;
import org.medbook.visits.domain.Attendance;
import org.medbook.visits.domain.Participant;
import org.medbook.visits.domain.Visit;
import org.medbook.visits.domain.VisitState;
import org.medbook.visits.domain.VisitWindow;
import org.medbook.visits.domain.Visits;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reading visits: one person's view, the attendance of one visit, a doctor's visits of today. */
@Component
public class VisitQueries {

    public static final String REPLY_QUEUE = "/user/queue/visits";

    private final VisitBookings visitBookings;
    private final Bookings bookings;
    private final Visits visits;
    private final IceServers iceServers;
    private final VisitLinks links;
    private final VisitsProperties properties;
    private final Clock clock;

    VisitQueries(VisitBookings visitBookings, Bookings bookings, Visits visits, IceServers iceServers, VisitLinks links,
            VisitsProperties properties, Clock clock) {
        this.visitBookings = visitBookings;
        this.bookings = bookings;
        this.visits = visits;
        this.iceServers = iceServers;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public VisitView visit(UUID bookingId, UUID caller) {
        BookingSnapshot booking = visitBookings.of(bookingId, caller);
        VisitWindow window = visitBookings.window(booking);
        Instant now = clock.instant();
        VisitState state = state(booking, window, now);
        boolean open = state != VisitState.NOT_YET_OPEN && state != VisitState.CLOSED && state != VisitState.ENDED;
        String role = caller.equals(booking.doctorId()) ? Participant.DOCTOR.name() : Participant.PATIENT.name();
        return new VisitView(bookingId, role, window.opensAt(), window.closesAt(), state.name(), links.joinUrl(bookingId),
                open ? iceServers.forUser(caller, window.closesAt()) : List.of(),
                "/app/visits/" + bookingId + "/signal", REPLY_QUEUE);
    }

    /** For the booking's doctor and staff who manage bookings; the patient is refused, anybody else learns nothing. */
    @Transactional(readOnly = true)
    public AttendanceView attendance(UUID bookingId, Caller caller) {
        BookingSnapshot booking = bookings.find(bookingId).filter(VisitBookings::hasVisit)
                .orElseThrow(() -> MedbookException.notFound("Visit"));
        boolean doctor = caller.userId().equals(booking.doctorId());
        if (!doctor && !caller.can("bookings:manage")) {
            if (caller.userId().equals(booking.patientId())) {
                throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only the doctor sees the attendance");
            }
            throw MedbookException.notFound("Visit");
        }
        VisitWindow window = visitBookings.window(booking);
        Instant now = clock.instant();
        Optional<Visit> visit = visits.find(bookingId, window);
        var stays = visit.map(Visit::stays).orElse(List.of());
        Duration together = Attendance.together(stays, now);
        String suggestion = null;
        if (together.compareTo(properties.minimumAttendance()) >= 0 && !stays.isEmpty()) {
            suggestion = AppointmentStatus.COMPLETED.name();
        } else if (!window.isOpenAt(now) && !window.notYetOpenAt(now) && !Attendance.joined(stays, Participant.PATIENT)) {
            suggestion = AppointmentStatus.NO_SHOW.name();
        }
        return new AttendanceView(bookingId, booking.status().name(), state(booking, window, now).name(),
                together.toSeconds(), properties.minimumAttendance().toSeconds(), suggestion,
                stays.stream().map(s -> new AttendanceView.Stay(s.userId(), s.role().name(), s.joinedAt(), s.leftAt()))
                        .toList());
    }

    /** The doctor's VIDEO bookings of today, each in the zone it was booked in. */
    @Transactional(readOnly = true)
    public List<TodayVisitView> today(UUID doctorId) {
        Instant now = clock.instant();
        return bookings.ofDoctorStartingBetween(doctorId, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))
                .stream()
                .filter(VisitBookings::hasVisit)
                .filter(b -> LocalDate.ofInstant(b.start(), ZoneId.of(b.timeZone()))
                        .equals(LocalDate.ofInstant(now, ZoneId.of(b.timeZone()))))
                .map(b -> {
                    VisitWindow window = visitBookings.window(b);
                    VisitState state = state(b, window, now);
                    return new TodayVisitView(b.id(), b.patientId(), b.start(), b.end(), window.opensAt(),
                            window.closesAt(), b.status().name(), state.name(), state == VisitState.PATIENT_WAITING,
                            links.joinUrl(b.id()));
                })
                .toList();
    }

    private VisitState state(BookingSnapshot booking, VisitWindow window, Instant now) {
        if (booking.status() != AppointmentStatus.CONFIRMED) {
            return VisitState.CLOSED;
        }
        return visits.find(booking.id(), window).map(v -> v.state(now))
                .orElse(window.notYetOpenAt(now) ? VisitState.NOT_YET_OPEN
                        : window.isOpenAt(now) ? VisitState.OPEN : VisitState.CLOSED);
    }
}
