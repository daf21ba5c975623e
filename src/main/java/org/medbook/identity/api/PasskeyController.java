package org.medbook.identity.api;

import java.net.URI;
import java.util.List;
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

import org.medbook.identity.application.DeletePasskeyCommand;
import org.medbook.identity.application.PasskeyEnrolmentHandler;
import org.medbook.identity.application.PasskeyView;
import org.medbook.identity.application.RegisterPasskeyCommand;
import org.medbook.identity.application.RegisteredPasskeyView;
import org.medbook.shared.Caller;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me/mfa/passkeys")
@Tag(name = "Second factor", description = "Staff authenticator (TOTP) and passkey enrolment, recovery codes")
class PasskeyController {

    private final PasskeyEnrolmentHandler enrolment;

    PasskeyController(PasskeyEnrolmentHandler enrolment) {
        this.enrolment = enrolment;
    }

    record PasskeyRegistration(@NotNull UUID ceremonyId, @NotBlank @Size(max = 64) String label,
                        @Valid @NotNull PasskeyRequests.RegistrationCredential credential) {
    }

    record PasskeyRemoval(@NotBlank @Size(max = 1024) String currentPassword) {
    }

    @Operation(summary = "Start registering a passkey (staff): options for navigator.credentials.create()",
            description = "Answers a ceremonyId and publicKey (PublicKeyCredentialCreationOptionsJSON). The options "
                    + "are good for 5 minutes and one answer; they exclude the caller's existing passkeys.")
    @PostMapping("/options")
    ResponseEntity<PasskeyRequests.PasskeyOptions> options(Caller caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(PasskeyRequests.PasskeyOptions.of(enrolment.options(caller.userId())));
    }

    @Operation(summary = "Finish registering a passkey with the authenticator's answer and a label",
            description = "A first second factor comes with the 10 recovery codes (recoveryCodes, shown this once; "
                    + "empty when the caller already has an authenticator app or a passkey). "
                    + "422 invalid-passkey-ceremony for an unknown, used or expired ceremony; 422 "
                    + "passkey-wrong-origin, passkey-wrong-rp-id, passkey-challenge-mismatch or invalid-passkey when the "
                    + "answer does not verify; 409 passkey-already-registered.")
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location",
            schema = @Schema(type = "string", format = "uri-reference")))
    @PostMapping
    ResponseEntity<RegisteredPasskeyView> register(@Valid @RequestBody PasskeyRegistration body, Caller caller) {
        RegisteredPasskeyView passkey = enrolment.register(new RegisterPasskeyCommand(caller.userId(), body.ceremonyId(),
                body.label(), body.credential().attestation(), caller.clientIp()));
        return ResponseEntity.created(URI.create("/api/v1/me/mfa/passkeys/" + passkey.id()))
                .cacheControl(CacheControl.noStore()).body(passkey);
    }

    @Operation(summary = "The caller's passkeys")
    @GetMapping
    List<PasskeyView> list(Caller caller) {
        return enrolment.list(caller.userId());
    }

    @Operation(summary = "Remove one of the caller's passkeys, confirmed with the current password",
            description = "403 invalid-current-password for a wrong password (it counts toward the sign-in lockout); "
                    + "404 for a passkey that is not the caller's; 422 last-second-factor when a second factor is "
                    + "required and this is the caller's last one. Removing the last second factor removes the recovery "
                    + "codes too.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id, @Valid @RequestBody PasskeyRemoval body, Caller caller) {
        enrolment.delete(new DeletePasskeyCommand(caller.userId(), id, body.currentPassword(), caller.clientIp()));
        return ResponseEntity.noContent().build();
    }
}
