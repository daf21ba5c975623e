package org.medbook.doctors.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.doctors.application.DoctorView;
import org.medbook.doctors.application.OwnProfileHandler;
import org.medbook.doctors.application.ScheduleHandler;
import org.medbook.doctors.application.ScheduleView;
import org.medbook.shared.Caller;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A doctor's own desk: always the caller's own profile and schedule, never another doctor's. */
@RestController
@RequestMapping("/api/v1/doctor")
@PreAuthorize("hasRole('DOCTOR')")
@Tag(name = "Doctor: profile and availability")
class DoctorSelfController {

    private final OwnProfileHandler profiles;
    private final ScheduleHandler schedules;

    DoctorSelfController(OwnProfileHandler profiles, ScheduleHandler schedules) {
        this.profiles = profiles;
        this.schedules = schedules;
    }

    record ProfileEdit(@MultilineText @Size(max = 4000) String bio,
                       @Size(max = 20) List<@Size(max = 3) @jakarta.validation.constraints.Pattern(regexp = "[a-z]{2,3}", message = "must be an ISO 639 code such as en") String> languages,
                       @Size(max = 32) String phone) {
    }

    record NewTimeOff(@NotNull OffsetDateTime start, @NotNull OffsetDateTime end,
                      @MultilineText @Size(max = 500) String reason) {
    }

    @Operation(summary = "My doctor profile")
    @GetMapping("/profile")
    DoctorView profile(Caller caller) {
        return profiles.get(caller.userId());
    }

    @Operation(summary = "Edit bio, languages and phone (licence, verification and fees are the platform's)")
    @PatchMapping("/profile")
    DoctorView edit(@Valid @RequestBody ProfileEdit body, Caller caller) {
        return profiles.edit(new OwnProfileHandler.OwnEdit(body.bio(), body.languages(), body.phone()), caller);
    }

    @Operation(summary = "My weekly availability, date overrides, notice and horizon")
    @GetMapping("/availability")
    ScheduleView availability(Caller caller) {
        return schedules.get(caller.userId());
    }

    @Operation(summary = "Replace weekly rules, overrides, minimum notice and horizon (wall-clock times in your zone)")
    @PutMapping("/availability")
    ScheduleView replace(@Valid @RequestBody ScheduleView body, Caller caller) {
        return schedules.replace(caller.userId(), body);
    }

    @Operation(summary = "My time off")
    @GetMapping("/time-off")
    List<ScheduleHandler.TimeOffView> timeOff(Caller caller) {
        return schedules.timeOff(caller.userId());
    }

    @Operation(summary = "Add time off (existing bookings stay; no new ones in it)")
    @PostMapping("/time-off")
    @ResponseStatus(HttpStatus.CREATED)
    ScheduleHandler.TimeOffView addTimeOff(@Valid @RequestBody NewTimeOff body, Caller caller) {
        return schedules.addTimeOff(caller.userId(), body.start().toInstant(), body.end().toInstant(), body.reason());
    }

    @Operation(summary = "Remove time off")
    @DeleteMapping("/time-off/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeTimeOff(@PathVariable UUID id, Caller caller) {
        schedules.removeTimeOff(caller.userId(), id);
    }
}
