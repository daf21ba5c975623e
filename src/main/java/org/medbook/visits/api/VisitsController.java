package org.medbook.visits.api;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.shared.Caller;
import org.medbook.visits.application.AttendanceView;
import org.medbook.visits.application.TodayVisitView;
import org.medbook.visits.application.VisitQueries;
import org.medbook.visits.application.VisitView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Video visits over REST; joining, admitting, signaling and ending go over STOMP (/app/visits/{id}/...). */
@RestController
@Tag(name = "Visits")
class VisitsController {

    private final VisitQueries queries;
    private final PatientDataAccess access;

    VisitsController(VisitQueries queries, PatientDataAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @Operation(summary = "The visit of a VIDEO booking: window, join link, ICE servers (while open), where to signal")
    @GetMapping("/api/v1/bookings/{id}/visit")
    VisitView visit(@PathVariable UUID id, Caller caller) {
        return queries.visit(id, caller.userId());
    }

    @Operation(summary = "Each join and leave of a visit, and whether it is offered as completed (doctor, bookings:manage)")
    @GetMapping("/api/v1/bookings/{id}/visit/attendance")
    AttendanceView attendance(@PathVariable UUID id, Caller caller) {
        return queries.attendance(id, caller);
    }

    @Operation(summary = "The doctor's video visits of today, with the patients waiting to be admitted")
    @GetMapping("/api/v1/doctor/visits/today")
    @PreAuthorize("hasRole('DOCTOR')")
    List<TodayVisitView> today(Caller caller) {
        List<TodayVisitView> visits = queries.today(caller.userId());
        access.record(caller, DataKind.BOOKING, visits.stream().map(TodayVisitView::patientId).toList());
        return visits;
    }
}
