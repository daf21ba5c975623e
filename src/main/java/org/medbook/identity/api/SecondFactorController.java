package org.medbook.identity.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.application.RecoveryCodesView;
import org.medbook.identity.application.SecondFactorCodeCommand;
import org.medbook.identity.application.SecondFactorStatusView;
import org.medbook.identity.application.TotpEnrolmentHandler;
import org.medbook.identity.application.TotpEnrolmentView;
import org.medbook.shared.Caller;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
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

    SecondFactorController(TotpEnrolmentHandler enrolment) {
        this.enrolment = enrolment;
    }

    record Code(@NotBlank @Size(max = 32) String code) {
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

    @Operation(summary = "Replace the recovery codes (the old ones stop working), against a current authenticator code")
    @PostMapping("/recovery-codes")
    ResponseEntity<RecoveryCodesView> regenerate(@Valid @RequestBody Code body, Caller caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(enrolment.regenerateRecoveryCodes(
                new SecondFactorCodeCommand(caller.userId(), body.code(), caller.clientIp())));
    }
}
