package org.medbook.doctors.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.doctors.application.SpecialtyHandler;
import org.medbook.doctors.domain.Specialties;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Specialties")
class SpecialtiesController {

    private final SpecialtyHandler specialties;

    SpecialtiesController(SpecialtyHandler specialties) {
        this.specialties = specialties;
    }

    record NewSpecialty(@NotBlank @Size(max = 50) @Pattern(regexp = "[a-z][a-z0-9-]{1,49}", message = "must be a lower-case slug") String code,
                        @NotBlank @Size(max = 100) String name) {
    }

    record Rename(@NotBlank @Size(max = 100) String name) {
    }

    @Operation(summary = "The specialties doctors can be found by")
    @GetMapping("/api/v1/specialties")
    List<Specialties.Specialty> all() {
        return specialties.all();
    }

    @Operation(summary = "Add a specialty")
    @PostMapping("/api/v1/admin/specialties")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('doctors:manage')")
    Specialties.Specialty add(@Valid @RequestBody NewSpecialty body) {
        return specialties.add(body.code(), body.name());
    }

    @Operation(summary = "Rename a specialty")
    @PutMapping("/api/v1/admin/specialties/{code}")
    @PreAuthorize("hasAuthority('doctors:manage')")
    Specialties.Specialty rename(@PathVariable String code, @Valid @RequestBody Rename body) {
        return specialties.rename(code, body.name());
    }
}
