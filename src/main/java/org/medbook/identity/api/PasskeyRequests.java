package org.medbook.identity.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

import org.medbook.identity.application.PasskeyOptionsView;
import org.medbook.identity.application.PasskeyRelyingParty;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebAuthn JSON a browser sends ({@code PublicKeyCredential.toJSON()}: byte fields as base64url)
 * and the options it is given, shared by enrolment and sign-in.
 */
final class PasskeyRequests {

    private PasskeyRequests() {
    }

    /** A credential id is at most 1023 bytes (WebAuthn), 1364 characters of base64url. */
    private static final int ID = 1366;
    private static final JsonMapper OPTIONS = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OPTIONS_TYPE = new TypeReference<>() {
    };

    @Schema(description = "What navigator.credentials.create() answered, as PublicKeyCredential.toJSON()")
    record RegistrationCredential(@NotBlank @Size(max = ID) String id, @NotBlank @Size(max = ID) String rawId,
                                  @NotBlank @Size(max = 32) String type, @Valid @NotNull AttestationResponse response,
                                  @Size(max = 32) String authenticatorAttachment) {

        PasskeyRelyingParty.Attestation attestation() {
            return new PasskeyRelyingParty.Attestation(id, rawId, type, response.clientDataJSON(),
                    response.attestationObject(), response.transports(), authenticatorAttachment);
        }
    }

    record AttestationResponse(@NotBlank @Size(max = 8192) String clientDataJSON,
                               @NotBlank @Size(max = 65536) String attestationObject,
                               @Size(max = 8) List<@NotBlank @Size(max = 32) String> transports) {
    }

    @Schema(description = "What navigator.credentials.get() answered, as PublicKeyCredential.toJSON()")
    record AssertionCredential(@NotBlank @Size(max = ID) String id, @NotBlank @Size(max = ID) String rawId,
                               @NotBlank @Size(max = 32) String type, @Valid @NotNull AssertionResponse response,
                               @Size(max = 32) String authenticatorAttachment) {

        PasskeyRelyingParty.Assertion assertion() {
            return new PasskeyRelyingParty.Assertion(id, rawId, type, response.clientDataJSON(),
                    response.authenticatorData(), response.signature(), response.userHandle(), authenticatorAttachment);
        }
    }

    record AssertionResponse(@NotBlank @Size(max = 8192) String clientDataJSON,
                             @NotBlank @Size(max = 8192) String authenticatorData,
                             @NotBlank @Size(max = 2048) String signature, @Size(max = 128) String userHandle) {
    }

    /** A ceremony's options, {@code publicKey} exactly as {@code PublicKeyCredential.parse*OptionsFromJSON} takes it. */
    record PasskeyOptions(UUID ceremonyId,
                          @Schema(description = "PublicKeyCredentialCreationOptionsJSON or "
                                  + "PublicKeyCredentialRequestOptionsJSON") Map<String, Object> publicKey,
                          Instant expiresAt) {

        static PasskeyOptions of(PasskeyOptionsView view) {
            return new PasskeyOptions(view.ceremonyId(), OPTIONS.readValue(view.publicKeyJson(), OPTIONS_TYPE),
                    view.expiresAt());
        }
    }
}
