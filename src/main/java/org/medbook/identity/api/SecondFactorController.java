package org.medbook.identity.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.application.RecoveryCodesHandler;
import org.medbook.identity.application.RecoveryCodesView;
import org.medbook.identity.application.RegenerateRecoveryCodesCommand;
import org.medbook.identity.application.RemoveAuthenticatorCommand;
import org.medbook.identity.application.SecondFactorCodeCommand;
import org.medbook.identity.application.SecondFactorStatusView;
import org.medbook.identity.application.TotpEnrolmentHandler;
import org.medbook.identity.application.TotpEnrolmentView;
import org.medbook.shared.Caller;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me/mfa")
@Tag(name = "Second factor", description = "Staff authenticator (TOTP) and passkey enrolment, recovery codes")
class SecondFactorController {

    private final TotpEnrolmentHandler enrolment;
    private final RecoveryCodesHandler recoveryCodes;

    SecondFactorController(TotpEnrolmentHandler enrolment, RecoveryCodesHandler recoveryCodes) {
        this.enrolment = enrolment;
        this.recoveryCodes = recoveryCodes;
    }

    record Code(@NotBlank @Size(max = 32) String code) {
    }

    record AuthenticatorRemoval(@NotBlank @Size(max = 1024) String currentPassword) {
    }

    @Schema(description = "Exactly one of: a current authenticator code, or the current password")
    record RecoveryCodesProof(@Size(max = 32) String code, @Size(max = 1024) String currentPassword) {

        @JsonIgnore
        @Schema(hidden = true)
        @AssertTrue(message = "give exactly one of code and currentPassword")
        boolean isExactlyOneProof() {
            return blank(code) != blank(currentPassword);
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }

    @Operation(summary = "Whether the caller has an authenticator, recovery codes left, and whether one is required")
    @GetMapping
    SecondFactorStatusView status(Caller caller) {
        return enrolment.status(caller.userId());
    }

    @Operation(summary = "Start enrolling an authenticator app (staff)",
            description = "Answers a new secret and its otpauth:// URI for a QR code, shown this once. Not active until "
                    + "confirmed with a first code. 409 mfa-already-enrolled when one is confirmed.")
    @PostMapping("/totp")
    ResponseEntity<TotpEnrolmentView> start(Caller caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(enrolment.start(caller.userId()));
    }

    @Operation(summary = "Confirm the authenticator with its first code; answers the 10 recovery codes, shown this once",
            description = "422 invalid-second-factor for a wrong code; wrong codes count toward the sign-in lockout.")
    @PostMapping("/totp/confirm")
    ResponseEntity<RecoveryCodesView> confirm(@Valid @RequestBody Code body, Caller caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(enrolment.confirm(new SecondFactorCodeCommand(caller.userId(), body.code(), caller.clientIp())));
    }

    @Operation(summary = "Replace the recovery codes (the old ones stop working), against a current authenticator code "
            + "or the current password; answers the 10 new codes, shown this once",
            description = "A member with passkeys only confirms with the current password. 409 mfa-not-enrolled when "
                    + "the caller has no second factor (or, with a code, no authenticator app); 422 invalid-second-factor "
                    + "for a wrong code and 403 invalid-current-password for a wrong password, both counting toward "
                    + "the sign-in lockout; a recovery code cannot mint new ones.")
    @PostMapping("/recovery-codes")
    ResponseEntity<RecoveryCodesView> regenerate(@Valid @RequestBody RecoveryCodesProof body, Caller caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(recoveryCodes.handle(
                new RegenerateRecoveryCodesCommand(caller.userId(), body.code(), body.currentPassword(), caller.clientIp())));
    }

    @Operation(summary = "Remove the caller's authenticator app (or an enrolment not yet confirmed), confirmed with the "
            + "current password",
            description = "403 invalid-current-password for a wrong password (it counts toward the sign-in lockout); "
                    + "404 when there is no authenticator; 422 last-second-factor when a second factor is required and "
                    + "this is the caller's last one. Removing the last second factor removes the recovery codes too.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "The caller has no authenticator app",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/totp")
    ResponseEntity<Void> remove(@Valid @RequestBody AuthenticatorRemoval body, Caller caller) {
        enrolment.remove(new RemoveAuthenticatorCommand(caller.userId(), body.currentPassword(), caller.clientIp()));
        return ResponseEntity.noContent().build();
    }
}
