package org.medbook.identity.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.application.ChangePasswordCommand;
import org.medbook.identity.application.ChangePasswordHandler;
import org.medbook.identity.application.CodeRequestedView;
import org.medbook.identity.application.GoogleNonceHandler;
import org.medbook.identity.application.GoogleNonceView;
import org.medbook.identity.application.GoogleSignInCommand;
import org.medbook.identity.application.GoogleSignInHandler;
import org.medbook.identity.application.PasswordSignInCommand;
import org.medbook.identity.application.PasswordSignInHandler;
import org.medbook.identity.application.RefreshCommand;
import org.medbook.identity.application.RefreshHandler;
import org.medbook.identity.application.RequestCodeCommand;
import org.medbook.identity.application.RequestCodeHandler;
import org.medbook.identity.application.SecondFactorSignInCommand;
import org.medbook.identity.application.SecondFactorSignInHandler;
import org.medbook.identity.application.SignOutHandler;
import org.medbook.identity.application.TokenView;
import org.medbook.identity.application.VerifyCodeCommand;
import org.medbook.identity.application.VerifyCodeHandler;
import org.medbook.identity.domain.Channel;
import org.medbook.shared.Caller;
import org.medbook.shared.web.ClientIpResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Sign-in", description = "One-time codes, Google, staff passwords, tokens")
class AuthController {

    private final RequestCodeHandler requestCode;
    private final VerifyCodeHandler verifyCode;
    private final GoogleSignInHandler google;
    private final GoogleNonceHandler googleNonce;
    private final PasswordSignInHandler passwordSignIn;
    private final SecondFactorSignInHandler secondFactorSignIn;
    private final ChangePasswordHandler changePassword;
    private final RefreshHandler refresh;
    private final SignOutHandler signOut;
    private final ClientIpResolver clientIps;

    AuthController(RequestCodeHandler requestCode, VerifyCodeHandler verifyCode, GoogleSignInHandler google,
            GoogleNonceHandler googleNonce, PasswordSignInHandler passwordSignIn, SecondFactorSignInHandler secondFactorSignIn,
            ChangePasswordHandler changePassword, RefreshHandler refresh,
            SignOutHandler signOut, ClientIpResolver clientIps) {
        this.requestCode = requestCode;
        this.verifyCode = verifyCode;
        this.google = google;
        this.googleNonce = googleNonce;
        this.passwordSignIn = passwordSignIn;
        this.secondFactorSignIn = secondFactorSignIn;
        this.changePassword = changePassword;
        this.refresh = refresh;
        this.signOut = signOut;
        this.clientIps = clientIps;
    }

    record CodeRequest(@NotNull Channel channel, @NotBlank @Size(max = 254) String destination) {
    }

    record CodeVerification(@NotBlank @Size(max = 254) String destination,
                            @NotBlank @Size(max = 6) @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code) {
    }

    record GoogleSignIn(@NotBlank @Size(max = 8192) String idToken, @Size(max = 256) String nonce) {
    }

    record PasswordSignIn(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 1024) String password) {
    }

    record SecondFactorSignIn(@NotBlank @Size(max = 128) String mfaToken, @NotBlank @Size(max = 32) String code) {
    }

    record PasswordChange(@NotBlank @Size(max = 1024) String currentPassword,
                          @NotBlank @Size(max = 1024) String newPassword) {
    }

    record RefreshRequest(@NotBlank @Size(max = 512) String refreshToken) {
    }

    @Operation(summary = "Send a one-time sign-in code by SMS or e-mail",
            description = "Answers the same whether or not an account exists. 429 with Retry-After beyond the limits.")
    @PostMapping("/otp")
    ResponseEntity<CodeRequestedView> requestCode(@Valid @RequestBody CodeRequest body, HttpServletRequest request) {
        CodeRequestedView view = requestCode.handle(new RequestCodeCommand(body.channel(), body.destination(),
                clientIps.resolve(request)));
        return ResponseEntity.status(HttpStatus.ACCEPTED).cacheControl(CacheControl.noStore()).body(view);
    }

    @Operation(summary = "Sign in with a one-time code", description = "The first successful code creates the patient account.")
    @PostMapping("/otp/verify")
    ResponseEntity<TokenView> verifyCode(@Valid @RequestBody CodeVerification body, HttpServletRequest request) {
        return tokens(verifyCode.handle(new VerifyCodeCommand(body.destination(), body.code(),
                clientIps.resolve(request))).orThrow());
    }

    @Operation(summary = "Start a Google sign-in: a single-use nonce for Google Sign-In",
            description = "Pass the nonce to Google Sign-In; the ID token Google returns carries it. Valid 5 minutes, "
                    + "used up by the sign-in. 429 with Retry-After beyond the per-address limit.")
    @PostMapping("/google/nonce")
    ResponseEntity<GoogleNonceView> googleNonce(HttpServletRequest request) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(googleNonce.handle(clientIps.resolve(request)));
    }

    @Operation(summary = "Sign in with a Google ID token",
            description = "The token must carry an unused nonce from POST /api/v1/auth/google/nonce.")
    @PostMapping("/google")
    ResponseEntity<TokenView> google(@Valid @RequestBody GoogleSignIn body, HttpServletRequest request) {
        return tokens(google.handle(new GoogleSignInCommand(body.idToken(), body.nonce(), clientIps.resolve(request)))
                .orThrow());
    }

    @Operation(summary = "Staff sign-in with e-mail and password",
            description = "403 password-change-required carries a token that can only change the password; 401 "
                    + "mfa-required carries an mfaToken for POST /api/v1/auth/login/mfa (a second factor is enrolled); "
                    + "403 mfa-enrolment-required carries a token that can only enrol one (MEDBOOK_STAFF_MFA=required).")
    @PostMapping("/login")
    ResponseEntity<TokenView> login(@Valid @RequestBody PasswordSignIn body, HttpServletRequest request) {
        return tokens(passwordSignIn.handle(new PasswordSignInCommand(body.email(), body.password(),
                clientIps.resolve(request))).orThrow());
    }

    @Operation(summary = "Second step of a staff sign-in: an authenticator code or a recovery code",
            description = "Takes the mfaToken of the 401 mfa-required answer of POST /api/v1/auth/login. Each "
                    + "authenticator code works once; wrong codes count toward the lockout (429 sign-in-locked).")
    @PostMapping("/login/mfa")
    ResponseEntity<TokenView> secondFactor(@Valid @RequestBody SecondFactorSignIn body, HttpServletRequest request) {
        return tokens(secondFactorSignIn.handle(new SecondFactorSignInCommand(body.mfaToken(), body.code(),
                clientIps.resolve(request))).orThrow());
    }

    @Operation(summary = "Change the caller's password", description = "Ends the caller's other sessions.")
    @PostMapping("/password")
    ResponseEntity<TokenView> changePassword(@Valid @RequestBody PasswordChange body, Caller caller) {
        return tokens(changePassword.handle(new ChangePasswordCommand(caller.userId(), body.currentPassword(),
                body.newPassword(), caller.clientIp())).orThrow());
    }

    @Operation(summary = "Trade a refresh token for a new token pair (the old refresh token stops working)")
    @PostMapping("/refresh")
    ResponseEntity<TokenView> refresh(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
        return tokens(refresh.handle(new RefreshCommand(body.refreshToken(), clientIps.resolve(request))).orThrow());
    }

    @Operation(summary = "End the session of a refresh token")
    @PostMapping("/logout")
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
        signOut.handle(new RefreshCommand(body.refreshToken(), clientIps.resolve(request)));
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    private static ResponseEntity<TokenView> tokens(TokenView view) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
    }
}
