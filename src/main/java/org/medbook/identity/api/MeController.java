package org.medbook.identity.api;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.application.ProfileHandler;
import org.medbook.identity.application.UpdateProfileCommand;
import org.medbook.identity.application.UserView;
import org.medbook.shared.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The caller's own account")
class MeController {

    private final ProfileHandler profiles;
    private final org.springframework.beans.factory.ObjectProvider<org.medbook.identity.PendingPolicies> pending;

    MeController(ProfileHandler profiles,
            org.springframework.beans.factory.ObjectProvider<org.medbook.identity.PendingPolicies> pending) {
        this.pending = pending;
        this.profiles = profiles;
    }

    record ProfileChange(@Size(max = 200) String name, @Past LocalDate dateOfBirth,
                         @Size(max = 6) @Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag such as en or pt-BR")
                         String preferredLanguage,
                         @Size(max = 254) String email,
                         @Size(max = 6) @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String emailCode,
                         @Size(max = 32) String phone,
                         @Size(max = 6) @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String phoneCode) {
    }

    /** The profile, and the policy versions in force the caller still has to accept (empty when none). */
    record Me(@com.fasterxml.jackson.annotation.JsonUnwrapped UserView user,
              java.util.List<org.medbook.identity.PendingPolicies.Pending> pendingPolicies) {
    }

    @Operation(summary = "The caller's profile, with pendingPolicies: terms or privacy versions in force not yet accepted "
            + "(accept with POST /api/v1/me/policy-acceptances)")
    @GetMapping
    Me me(Caller caller) {
        org.medbook.identity.PendingPolicies source = pending.getIfAvailable();
        return new Me(profiles.get(caller.userId()), source == null ? java.util.List.of() : source.of(caller.userId()));
    }

    @Operation(summary = "Change name, date of birth or language; a new e-mail or phone needs its one-time code")
    @PatchMapping
    UserView update(@Valid @RequestBody ProfileChange body, Caller caller) {
        return profiles.update(new UpdateProfileCommand(caller.userId(), body.name(), body.dateOfBirth(),
                body.preferredLanguage(), body.email(), body.emailCode(), body.phone(), body.phoneCode(),
                caller.clientIp()));
    }
}
