package org.medbook.identity.api;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.application.PasskeySignInCommand;
import org.medbook.identity.application.PasskeySignInHandler;
import org.medbook.identity.application.TokenView;
import org.medbook.shared.web.ClientIpResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth/login/mfa/passkey")
@Tag(name = "Sign-in", description = "One-time codes, Google, staff passwords, tokens")
class PasskeySignInController {

    private final PasskeySignInHandler passkeySignIn;
    private final ClientIpResolver clientIps;

    PasskeySignInController(PasskeySignInHandler passkeySignIn, ClientIpResolver clientIps) {
        this.passkeySignIn = passkeySignIn;
        this.clientIps = clientIps;
    }

    record PasskeySignInStart(@NotBlank @Size(max = 128) String mfaToken) {
    }

    record PasskeySignInAnswer(@NotBlank @Size(max = 128) String mfaToken, @NotNull UUID ceremonyId,
                         @Valid @NotNull PasskeyRequests.AssertionCredential credential) {
    }

    @Operation(summary = "Second step of a staff sign-in with a passkey: options for navigator.credentials.get()",
            description = "Takes the mfaToken of the 401 mfa-required answer of POST /api/v1/auth/login. Answers a "
                    + "ceremonyId and publicKey (PublicKeyCredentialRequestOptionsJSON) that allow only the member's own "
                    + "passkeys, good for 5 minutes and one answer. 422 no-passkey when the member has none.")
    @PostMapping("/options")
    ResponseEntity<PasskeyRequests.PasskeyOptions> options(@Valid @RequestBody PasskeySignInStart body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(PasskeyRequests.PasskeyOptions.of(passkeySignIn.options(body.mfaToken()).orThrow()));
    }

    @Operation(summary = "Finish a staff sign-in with the passkey's assertion; answers the tokens",
            description = "401 invalid-passkey-ceremony for an unknown, used or expired ceremony (an answer is taken "
                    + "once); 401 passkey-challenge-mismatch, passkey-wrong-origin, passkey-wrong-rp-id, passkey-not-yours, "
                    + "passkey-cloned (the signature counter did not move forward) or invalid-passkey.")
    @PostMapping
    ResponseEntity<TokenView> signIn(@Valid @RequestBody PasskeySignInAnswer body, HttpServletRequest request) {
        TokenView tokens = passkeySignIn.handle(new PasskeySignInCommand(body.mfaToken(), body.ceremonyId(),
                body.credential().assertion(), clientIps.resolve(request))).orThrow();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(tokens);
    }
}
