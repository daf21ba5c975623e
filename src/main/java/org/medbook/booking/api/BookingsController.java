package org.medbook.booking.api;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.booking.AppointmentId;
import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.application.BookAppointmentCommand;
import org.medbook.booking.application.BookAppointmentHandler;
import org.medbook.booking.application.BookingQueries;
import org.medbook.booking.application.BookingView;
import org.medbook.booking.application.CancelBookingCommand;
import org.medbook.booking.application.CancelBookingHandler;
import org.medbook.booking.application.RescheduleBookingCommand;
import org.medbook.booking.application.RescheduleBookingHandler;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorId;
import org.medbook.doctors.LocationId;
import org.medbook.identity.UserId;
import org.medbook.payments.PaymentMethod;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.idempotency.IdempotentRequests;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/bookings")
@Tag(name = "Bookings")
class BookingsController {

    private final BookAppointmentHandler book;
    private final CancelBookingHandler cancel;
    private final RescheduleBookingHandler reschedule;
    private final BookingQueries queries;
    private final PatientDataAccess access;

    BookingsController(BookAppointmentHandler book, CancelBookingHandler cancel, RescheduleBookingHandler reschedule,
            BookingQueries queries, PatientDataAccess access) {
        this.access = access;
        this.book = book;
        this.cancel = cancel;
        this.reschedule = reschedule;
        this.queries = queries;
    }

    record NewBooking(@NotNull UUID doctorId, @NotNull OffsetDateTime start, @NotNull ConsultationType type,
                      UUID locationId, @NotNull PaymentMethod paymentMethod,
                      @MultilineText @Size(max = 2000) String reason) {
    }

    record Rebooking(@NotNull OffsetDateTime start, UUID locationId, @NotNull PaymentMethod paymentMethod,
                     @MultilineText @Size(max = 2000) String reason) {
    }

    record Cancellation(@MultilineText @Size(max = 1000) String reason) {
    }

    record NewTime(@NotNull OffsetDateTime start) {
    }

    @Operation(summary = "Book a free slot (Idempotency-Key required)",
            description = "Cash is confirmed at once (or awaits the doctor's approval); Stripe answers a clientSecret, "
                    + "PayPal an approvalUrl, and the slot is held until holdExpiresAt. 409 slot-unavailable when taken.")
    @ApiResponse(responseCode = "201", description = "Booked; a replay of the same key answers the same",
            headers = @Header(name = "Location", description = "The new booking", schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BookingView.class)))
    @PostMapping
    @PreAuthorize("hasRole('PATIENT')")
    ResponseEntity<String> book(@Valid @RequestBody NewBooking body,
            @Parameter(required = true, description = "1 to 255 characters; a retry with the same key and body replays the first answer")
            @RequestHeader(name = "Idempotency-Key", required = false) String key, Caller caller) {
        BookAppointmentCommand command = new BookAppointmentCommand(new UserId(caller.userId()), new DoctorId(body.doctorId()),
                body.start().toInstant(), body.type(), location(body.locationId()), body.paymentMethod(), body.reason(), null);
        return created(book.handle(command, key, body));
    }

    @Operation(summary = "The caller's bookings: upcoming (active, soonest first) or past (latest first); "
            + "status picks bookings of that status instead, e.g. upcoming cancelled ones",
            description = "Each booking names its doctor (doctor.name) and, for a visit at a practice, the practice "
                    + "(doctor.practiceName, doctor.practiceAddress).")
    @GetMapping
    @PreAuthorize("hasRole('PATIENT')")
    PageView<BookingView> mine(@RequestParam(defaultValue = "upcoming") @Pattern(regexp = "upcoming|past") String when,
            @RequestParam(required = false) AppointmentStatus status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, Caller caller) {
        if (!when.equals("upcoming") && !when.equals("past")) {
            throw MedbookException.badInput("invalid-parameter", "when must be upcoming or past");
        }
        return queries.patient(caller.userId(), when.equals("upcoming"), status, new PageRequest(page, size));
    }

    @Operation(summary = "One booking (its patient, its doctor or the back office), naming whom the reader may see")
    @GetMapping("/{id}")
    BookingView get(@PathVariable UUID id, Caller caller) {
        BookingView booking = queries.named(id, caller);
        access.record(caller, DataKind.BOOKING, booking.patientId());
        return booking;
    }

    @Operation(summary = "Cancel (patient, doctor or back office); refunds follow the booking's policy")
    @PostMapping("/{id}/cancel")
    BookingView cancel(@PathVariable UUID id, @Valid @RequestBody(required = false) Cancellation body, Caller caller) {
        return cancel.handle(new CancelBookingCommand(new AppointmentId(id), body == null ? null : body.reason(), caller));
    }

    @Operation(summary = "Move to another free slot of the same doctor and type; atomic")
    @PostMapping("/{id}/reschedule")
    BookingView reschedule(@PathVariable UUID id, @Valid @RequestBody NewTime body, Caller caller) {
        return reschedule.handle(new RescheduleBookingCommand(new AppointmentId(id), body.start().toInstant(), caller));
    }

    @Operation(summary = "A new booking with the same doctor and type, e.g. a follow-up (Idempotency-Key required)")
    @ApiResponse(responseCode = "201", description = "Booked; a replay of the same key answers the same",
            headers = @Header(name = "Location", description = "The new booking", schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BookingView.class)))
    @PostMapping("/{id}/rebook")
    @PreAuthorize("hasRole('PATIENT')")
    ResponseEntity<String> rebook(@PathVariable UUID id, @Valid @RequestBody Rebooking body,
            @Parameter(required = true, description = "1 to 255 characters; a retry with the same key and body replays the first answer")
            @RequestHeader(name = "Idempotency-Key", required = false) String key, Caller caller) {
        BookingView previous = queries.get(id, caller);
        if (!previous.patientId().equals(caller.userId())) {
            throw MedbookException.notFound("Booking");
        }
        BookAppointmentCommand command = new BookAppointmentCommand(new UserId(caller.userId()),
                new DoctorId(previous.doctorId()), body.start().toInstant(), previous.type(),
                location(body.locationId() == null ? previous.locationId() : body.locationId()), body.paymentMethod(),
                body.reason(), new AppointmentId(previous.id()));
        return created(book.handle(command, key, new RebookingOf(id, body)));
    }

    /** What a rebooking's key stands for: the same body for another booking is another request. */
    record RebookingOf(UUID bookingId, Rebooking body) {
    }

    private static LocationId location(UUID id) {
        return id == null ? null : new LocationId(id);
    }

    private static ResponseEntity<String> created(IdempotentRequests.Answer answer) {
        return ResponseEntity.status(answer.status()).location(URI.create("/api/v1/bookings/" + answer.reference()))
                .contentType(MediaType.APPLICATION_JSON).body(answer.json());
    }
}
