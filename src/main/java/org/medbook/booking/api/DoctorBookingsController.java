package org.medbook.booking.api;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.booking.AppointmentId;
import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.application.ApproveBookingCommand;
import org.medbook.booking.application.ApproveBookingHandler;
import org.medbook.booking.application.BookingQueries;
import org.medbook.booking.application.BookingView;
import org.medbook.booking.application.DeclineBookingCommand;
import org.medbook.booking.application.DeclineBookingHandler;
import org.medbook.booking.application.RecordAttendanceCommand;
import org.medbook.booking.application.RecordAttendanceHandler;
import org.medbook.booking.application.RecordCashReceivedCommand;
import org.medbook.booking.application.RecordCashReceivedHandler;
import org.medbook.booking.application.SetBookingPolicyCommand;
import org.medbook.booking.application.SetBookingPolicyHandler;
import org.medbook.booking.domain.BookingPolicy;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorId;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.web.MultilineText;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The doctor's side of bookings: their own only. */
@RestController
@RequestMapping("/api/v1/doctor")
@PreAuthorize("hasRole('DOCTOR')")
@Tag(name = "Doctor: bookings")
class DoctorBookingsController {

    private final ApproveBookingHandler approve;
    private final DeclineBookingHandler decline;
    private final RecordAttendanceHandler attendance;
    private final RecordCashReceivedHandler cash;
    private final SetBookingPolicyHandler setPolicy;
    private final BookingQueries queries;
    private final DoctorCatalog doctors;
    private final java.time.Clock clock;
    private final PatientDataAccess access;

    DoctorBookingsController(ApproveBookingHandler approve, DeclineBookingHandler decline,
            RecordAttendanceHandler attendance, RecordCashReceivedHandler cash, SetBookingPolicyHandler setPolicy,
            BookingQueries queries, DoctorCatalog doctors, java.time.Clock clock, PatientDataAccess access) {
        this.approve = approve;
        this.decline = decline;
        this.attendance = attendance;
        this.cash = cash;
        this.setPolicy = setPolicy;
        this.access = access;
        this.clock = clock;
        this.queries = queries;
        this.doctors = doctors;
    }

    record Reason(@MultilineText @Size(max = 1000) String reason) {
    }

    record CashSettlement(boolean waived) {
    }

    record Policy(int freeCancellationHours, boolean requiresApproval) {
    }

    @Operation(summary = "Bookings of one day or week (in the doctor's zone), soonest first",
            description = "Each booking names its patient: patient.name, patient.age (whole years today in the doctor's "
                    + "zone, when the patient gave a date of birth) and patient.phone (when proved); absent once the "
                    + "patient's account is erased.")
    @GetMapping("/bookings")
    PageView<BookingView> bookings(@RequestParam(required = false) LocalDate date,
            @RequestParam(defaultValue = "day") String range, @RequestParam(required = false) AppointmentStatus status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size, Caller caller) {
        if (!range.equals("day") && !range.equals("week")) {
            throw MedbookException.badInput("invalid-parameter", "range must be day or week");
        }
        ZoneId zone = doctors.find(caller.userId()).map(d -> d.zone()).orElse(ZoneId.of("UTC"));
        LocalDate first = date == null ? LocalDate.ofInstant(clock.instant(), zone) : date;
        LocalDate last = range.equals("week") ? first.plusDays(7) : first.plusDays(1);
        PageView<BookingView> bookings = queries.listForDoctor(new BookingQueries.Filter(null, caller.userId(), status, false,
                first.atStartOfDay(zone).toInstant(), last.atStartOfDay(zone).toInstant(), null, false),
                new PageRequest(page, size));
        access.record(caller, DataKind.BOOKING, bookings.items().stream().map(BookingView::patientId).toList());
        return bookings;
    }

    @Operation(summary = "Approve a booking awaiting my approval")
    @PostMapping("/bookings/{id}/approve")
    BookingView approve(@PathVariable UUID id, Caller caller) {
        return approve.handle(new ApproveBookingCommand(new AppointmentId(id), caller));
    }

    @Operation(summary = "Decline a booking pending approval (its payment is refunded in full)")
    @PostMapping("/bookings/{id}/decline")
    BookingView decline(@PathVariable UUID id, @Valid @RequestBody(required = false) Reason body, Caller caller) {
        return decline.handle(new DeclineBookingCommand(new AppointmentId(id), body == null ? null : body.reason(), caller));
    }

    @Operation(summary = "Mark a started visit as completed")
    @PostMapping("/bookings/{id}/complete")
    BookingView complete(@PathVariable UUID id, Caller caller) {
        return attendance.handle(new RecordAttendanceCommand(new AppointmentId(id), true, caller));
    }

    @Operation(summary = "Mark a started visit as a no-show")
    @PostMapping("/bookings/{id}/no-show")
    BookingView noShow(@PathVariable UUID id, Caller caller) {
        return attendance.handle(new RecordAttendanceCommand(new AppointmentId(id), false, caller));
    }

    @Operation(summary = "Record that a cash payment was collected (or waived)")
    @PostMapping("/bookings/{id}/cash")
    BookingView cash(@PathVariable UUID id, @RequestBody(required = false) CashSettlement body, Caller caller) {
        return cash.handle(new RecordCashReceivedCommand(new AppointmentId(id), body != null && body.waived(), caller));
    }

    @Operation(summary = "My booking terms, with the platform's grace period")
    @GetMapping("/booking-policy")
    BookingQueries.PolicyView policy(Caller caller) {
        return queries.policy(caller.userId());
    }

    @Operation(summary = "Set free cancellation (0 to 72 hours) and whether bookings need approval; applies to new bookings")
    @PutMapping("/booking-policy")
    BookingQueries.PolicyView setPolicy(@RequestBody Policy body, Caller caller) {
        return setPolicy.handle(new SetBookingPolicyCommand(new DoctorId(caller.userId()),
                new BookingPolicy(body.freeCancellationHours(), body.requiresApproval())));
    }
}
