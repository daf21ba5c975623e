package org.medbook.identity.api;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.StaffAccounts;
import org.medbook.identity.UserId;
import org.medbook.identity.application.ResetSecondFactorCommand;
import org.medbook.identity.application.SecondFactorResetHandler;
import org.medbook.identity.application.UserAdministrationHandler;
import org.medbook.identity.application.UserDirectory;
import org.medbook.identity.application.UserView;
import org.medbook.identity.domain.AccountStatus;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.web.MultilineText;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Back office: users", description = "Staff accounts, helper permissions, suspension")
class AdminUsersController {

    private final StaffAccounts staffAccounts;
    private final UserAdministrationHandler administration;
    private final PatientDataAccess access;
    private final SecondFactorResetHandler secondFactorReset;

    AdminUsersController(StaffAccounts staffAccounts, UserAdministrationHandler administration, PatientDataAccess access,
            SecondFactorResetHandler secondFactorReset) {
        this.staffAccounts = staffAccounts;
        this.administration = administration;
        this.access = access;
        this.secondFactorReset = secondFactorReset;
    }

    record NewStaff(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String name,
                    @NotNull Role role, List<@Size(max = 64) String> permissions) {
    }

    record PermissionSet(@NotNull List<@Size(max = 64) String> permissions) {
    }

    record Suspension(@MultilineText @Size(max = 500) String reason) {
    }

    record SecondFactorReset(@NotBlank @MultilineText @Size(max = 500) String reason) {
    }

    @Operation(summary = "Create an admin or helper account (a temporary password is e-mailed to them)")
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location", schema = @Schema(type = "string", format = "uri-reference")))
    @PostMapping("/staff")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<UserView> createStaff(@Valid @RequestBody NewStaff body, Caller caller) {
        if (body.role() != Role.ADMIN && body.role() != Role.HELPER) {
            throw MedbookException.badInput("validation-failed",
                    "role must be ADMIN or HELPER here; doctors are created with their profile");
        }
        UserId id = staffAccounts.create(new StaffAccounts.NewStaffAccount(body.email(), body.name(), body.role(),
                permissions(body.permissions())), caller.userId(), caller.clientIp());
        return ResponseEntity.created(URI.create("/api/v1/admin/users/" + id)).body(administration.get(id.value()));
    }

    @Operation(summary = "List and search users")
    @GetMapping("/users")
    @PreAuthorize("hasAuthority('users:read')")
    PageView<UserView> users(@RequestParam(required = false) String q, @RequestParam(required = false) Role role,
            @RequestParam(required = false) AccountStatus status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, Caller caller) {
        PageView<UserView> users = administration.search(new UserDirectory.UserSearch(q, role, status),
                new PageRequest(page, size));
        access.record(caller, DataKind.PROFILE, patients(users.items()));
        return users;
    }

    @Operation(summary = "One user")
    @GetMapping("/users/{id}")
    @PreAuthorize("hasAuthority('users:read')")
    UserView user(@PathVariable UUID id, Caller caller) {
        UserView user = administration.get(id);
        access.record(caller, DataKind.PROFILE, patients(List.of(user)));
        return user;
    }

    private static List<UUID> patients(List<UserView> users) {
        return users.stream().filter(user -> user.roles().contains(Role.PATIENT.name())).map(UserView::id).toList();
    }

    @Operation(summary = "Replace a helper's permissions")
    @PutMapping("/users/{id}/permissions")
    @PreAuthorize("hasRole('ADMIN')")
    UserView permissions(@PathVariable UUID id, @Valid @RequestBody PermissionSet body, Caller caller) {
        return administration.replacePermissions(id, permissions(body.permissions()), caller);
    }

    @Operation(summary = "Suspend a user: their sessions end at once")
    @PostMapping("/users/{id}/suspend")
    @PreAuthorize("hasAuthority('users:manage')")
    UserView suspend(@PathVariable UUID id, @Valid @RequestBody(required = false) Suspension body, Caller caller) {
        return administration.suspend(id, body == null ? null : body.reason(), caller);
    }

    @Operation(summary = "Reactivate a suspended user")
    @PostMapping("/users/{id}/reactivate")
    @PreAuthorize("hasAuthority('users:manage')")
    UserView reactivate(@PathVariable UUID id, Caller caller) {
        return administration.reactivate(id, caller);
    }

    @Operation(summary = "Send a staff member a new temporary password (nobody else sees it)")
    @PostMapping("/users/{id}/password-reset")
    @PreAuthorize("hasAuthority('users:manage')")
    ResponseEntity<Void> resetPassword(@PathVariable UUID id, Caller caller) {
        administration.resetPassword(id, caller);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @Operation(summary = "Remove a staff member's second factors (a lost device): authenticator, passkeys, recovery codes",
            description = "Their sessions end at once; they sign in with the password and enrol again. The reason is "
                    + "audited (mfa.reset). 422 self-administration for one's own account, 422 not-staff for a patient; "
                    + "only administrators reset administrators and helpers.")
    @PostMapping("/users/{id}/second-factor-reset")
    @PreAuthorize("hasAuthority('users:manage')")
    ResponseEntity<Void> resetSecondFactor(@PathVariable UUID id, @Valid @RequestBody SecondFactorReset body,
            Caller caller) {
        secondFactorReset.handle(new ResetSecondFactorCommand(id, body.reason(), caller));
        return ResponseEntity.noContent().build();
    }

    private static Set<Permission> permissions(List<String> codes) {
        Set<Permission> result = EnumSet.noneOf(Permission.class);
        if (codes == null) {
            return result;
        }
        for (String code : codes) {
            result.add(Permission.fromCode(code).orElseThrow(() -> MedbookException.badInput("unknown-permission",
                    "Unknown permission '" + code + "'")));
        }
        return result;
    }
}
