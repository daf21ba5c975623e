package org.medbook.doctors.api;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.application.DoctorQueries;
import org.medbook.doctors.application.DoctorView;
import org.medbook.doctors.application.SlotsView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What anyone may see of a verified, active doctor. */
@RestController
@RequestMapping("/api/v1/doctors/{id}")
@Tag(name = "Doctors")
class PublicDoctorsController {

    private final DoctorQueries queries;

    PublicDoctorsController(DoctorQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "A doctor's public profile")
    @GetMapping
    DoctorView profile(@PathVariable UUID id) {
        return queries.publicProfile(id);
    }

    @Operation(summary = "Free slots in [from, to) (default: the next 7 days; at most 31 days)",
            description = "Times are ISO-8601 with the offset of the doctor's zone at that instant.")
    @GetMapping("/slots")
    SlotsView slots(@PathVariable UUID id, @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to, @RequestParam(required = false) ConsultationType type,
            @RequestParam(required = false) UUID locationId) {
        return queries.slots(id, from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), type, locationId);
    }
}
