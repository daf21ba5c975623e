package org.medbook.booking.api;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.booking.AppointmentId;
import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.application.BookingQueries;
import org.medbook.booking.application.BookingView;
import org.medbook.booking.application.RecordCashReceivedCommand;
import org.medbook.booking.application.RecordCashReceivedHandler;
import org.medbook.payments.PaymentMethod;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Any booking, for admins and helpers with bookings:manage (cancel and reschedule use the booking routes). */
@RestController
@RequestMapping("/api/v1/admin/bookings")
@PreAuthorize("hasAuthority('bookings:manage')")
@Tag(name = "Back office: bookings")
class AdminBookingsController {

    private final BookingQueries queries;
    private final RecordCashReceivedHandler cash;
    private final PatientDataAccess access;

    AdminBookingsController(BookingQueries queries, RecordCashReceivedHandler cash, PatientDataAccess access) {
        this.queries = queries;
        this.cash = cash;
        this.access = access;
    }

    record CashSettlement(boolean waived) {
    }

    @Operation(summary = "Search bookings by doctor, patient, status, time and payment method",
            description = "Each booking names its patient (patient.name, absent once the account is erased) and its "
                    + "doctor (doctor.name).")
    @GetMapping
    PageView<BookingView> list(@RequestParam(required = false) UUID doctorId, @RequestParam(required = false) UUID patientId,
            @RequestParam(required = false) AppointmentStatus status, @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to, @RequestParam(required = false) PaymentMethod paymentMethod,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, Caller caller) {
        PageView<BookingView> bookings = queries.listForStaff(new BookingQueries.Filter(patientId, doctorId, status, false,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), paymentMethod, true),
                new PageRequest(page, size));
        access.record(caller, DataKind.BOOKING, bookings.items().stream().map(BookingView::patientId).toList());
        return bookings;
    }

    @Operation(summary = "One booking, naming its patient and its doctor")
    @GetMapping("/{id}")
    BookingView get(@PathVariable UUID id, Caller caller) {
        BookingView booking = queries.getForStaff(id, caller);
        access.record(caller, DataKind.BOOKING, booking.patientId());
        return booking;
    }

    @Operation(summary = "Record cash received for a booking")
    @PostMapping("/{id}/cash")
    BookingView cash(@PathVariable UUID id, @RequestBody(required = false) CashSettlement body, Caller caller) {
        return cash.handle(new RecordCashReceivedCommand(new AppointmentId(id), body != null && body.waived(), caller));
    }
}
