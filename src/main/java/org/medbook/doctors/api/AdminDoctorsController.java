package org.medbook.doctors.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.application.DoctorAdministrationHandler;
import org.medbook.doctors.application.DoctorDirectory;
import org.medbook.doctors.application.DoctorQueries;
import org.medbook.doctors.application.DoctorView;
import org.medbook.doctors.application.NewLocation;
import org.medbook.doctors.application.RegisterDoctorCommand;
import org.medbook.doctors.application.RegisterDoctorHandler;
import org.medbook.doctors.domain.VerificationStatus;
import org.medbook.shared.Caller;
import org.medbook.shared.Money;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/doctors")
@Tag(name = "Back office: doctors", description = "Create, verify, suspend doctors; platform-controlled fields; locations")
class AdminDoctorsController {

    private final RegisterDoctorHandler register;
    private final DoctorAdministrationHandler administration;
    private final DoctorQueries queries;

    AdminDoctorsController(RegisterDoctorHandler register, DoctorAdministrationHandler administration,
            DoctorQueries queries) {
        this.register = register;
        this.administration = administration;
        this.queries = queries;
    }

    record NewDoctor(@Size(max = 200) String name, @Size(max = 254) String email, @Size(max = 32) String phone,
                     @Size(max = 64) String timeZone, @Size(max = 20) List<@Size(max = 50) String> specialties,
                     @Size(max = 20) List<@Size(max = 3) String> languages, @MultilineText @Size(max = 4000) String bio,
                     @Size(max = 100) String licenceNumber, List<ConsultationType> consultationTypes,
                     Map<ConsultationType, Money> fees, @Size(max = 20) List<@Valid NewLocation> locations) {
    }

    record VerificationDecision(@NotNull DoctorAdministrationHandler.Decision decision,
                                @MultilineText @Size(max = 1000) String reason) {
    }

    record Reason(@MultilineText @Size(max = 1000) String reason) {
    }

    record Coordinates(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
                       @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    @Operation(summary = "Create a doctor (PENDING) and their account; a temporary password is e-mailed to them")
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location", schema = @Schema(type = "string", format = "uri-reference")))
    @PostMapping
    @PreAuthorize("hasAuthority('doctors:manage')")
    ResponseEntity<DoctorView> create(@Valid @RequestBody NewDoctor body, Caller caller) {
        DoctorView created = register.handle(new RegisterDoctorCommand(body.name(), body.email(), body.phone(),
                body.timeZone(), body.specialties(), body.languages(), body.bio(), body.licenceNumber(),
                body.consultationTypes(), body.fees(), body.locations() == null ? List.of() : body.locations(),
                caller.userId(), caller.clientIp()));
        return ResponseEntity.created(URI.create("/api/v1/admin/doctors/" + created.id())).body(created);
    }

    @Operation(summary = "List doctors, e.g. those awaiting verification or with unresolved locations")
    @GetMapping
    @PreAuthorize("hasAnyAuthority('doctors:manage', 'doctors:verify')")
    PageView<DoctorView> list(@RequestParam(required = false) VerificationStatus status,
            @RequestParam(required = false) Boolean unresolvedLocations, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return queries.list(new DoctorDirectory.Filter(status, unresolvedLocations), new PageRequest(page, size));
    }

    @Operation(summary = "A doctor's full record, as the back office sees it")
    @GetMapping("/{id}")
    @PreAuthorize("hasAnyAuthority('doctors:manage', 'doctors:verify')")
    DoctorView get(@PathVariable UUID id) {
        return queries.adminView(id);
    }

    @Operation(summary = "Change platform-controlled fields: name, licence, specialties, zone, consultation types, fees")
    @PatchMapping("/{id}")
    @PreAuthorize("hasAuthority('doctors:manage')")
    DoctorView edit(@PathVariable UUID id, @Valid @RequestBody DoctorAdministrationHandler.PlatformEdit body,
            Caller caller) {
        return administration.edit(id, body, caller);
    }

    @Operation(summary = "Verify or reject a doctor (a rejection needs a reason)")
    @PostMapping("/{id}/verification")
    @PreAuthorize("hasAuthority('doctors:verify')")
    DoctorView decide(@PathVariable UUID id, @Valid @RequestBody VerificationDecision body, Caller caller) {
        return administration.decide(id, body.decision(), body.reason(), caller);
    }

    @Operation(summary = "Suspend a doctor: hidden from search, no new bookings, signed out")
    @PostMapping("/{id}/suspend")
    @PreAuthorize("hasAuthority('doctors:verify')")
    DoctorView suspend(@PathVariable UUID id, @Valid @RequestBody(required = false) Reason body, Caller caller) {
        return administration.suspend(id, body == null ? null : body.reason(), caller);
    }

    @Operation(summary = "Reinstate a suspended doctor")
    @PostMapping("/{id}/reinstate")
    @PreAuthorize("hasAuthority('doctors:verify')")
    DoctorView reinstate(@PathVariable UUID id, Caller caller) {
        return administration.reinstate(id, caller);
    }

    @Operation(summary = "Add a practice location (geocoded unless coordinates are given)")
    @PostMapping("/{id}/locations")
    @PreAuthorize("hasAuthority('doctors:manage')")
    DoctorView addLocation(@PathVariable UUID id, @Valid @RequestBody NewLocation body, Caller caller) {
        return administration.addLocation(id, body, caller);
    }

    @Operation(summary = "Try geocoding a location again")
    @PostMapping("/{id}/locations/{locationId}/geocode")
    @PreAuthorize("hasAuthority('doctors:manage')")
    DoctorView retry(@PathVariable UUID id, @PathVariable UUID locationId, Caller caller) {
        return administration.retryGeocoding(id, locationId, caller);
    }

    @Operation(summary = "Give a location its coordinates by hand")
    @PutMapping("/{id}/locations/{locationId}/coordinates")
    @PreAuthorize("hasAuthority('doctors:manage')")
    DoctorView coordinates(@PathVariable UUID id, @PathVariable UUID locationId, @Valid @RequestBody Coordinates body,
            Caller caller) {
        return administration.setCoordinates(id, locationId, body.latitude(), body.longitude(), caller);
    }
}
