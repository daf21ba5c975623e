package org.medbook.identity.infrastructure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.webauthn4j.util.exception.WebAuthnException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;

import org.medbook.identity.UserId;
import org.medbook.identity.application.PasskeyProperties;
import org.medbook.identity.application.PasskeyRefusedException;
import org.medbook.identity.application.PasskeyRefusedException.Reason;
import org.medbook.identity.application.PasskeyRelyingParty;
import org.medbook.identity.domain.Passkey;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.Users;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's WebAuthn relying party ({@link Webauthn4JRelyingPartyOperations}, on webauthn4j)
 * used as a library: its filters keep ceremonies in an HTTP session, which this stateless API has
 * none of, so the options it builds are handed back as JSON for the caller to keep in PostgreSQL, and
 * rebuilt from that JSON to verify the answer. Its credential and user-entity repositories are
 * PostgreSQL too ({@link Passkeys}).
 *
 * <p>The library verifies an assertion against the counter of the attestation it stored at
 * registration, not against the newest one; the counter that matters is checked when it saves the
 * use ({@link Passkey#use}), on the passkey's row locked since it was read.
 */
@Component
class SpringSecurityPasskeyRelyingParty implements PasskeyRelyingParty {

    private final Webauthn4JRelyingPartyOperations operations;
    private final Passkeys passkeys;
    private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
    private final PasskeyProperties properties;

    SpringSecurityPasskeyRelyingParty(Passkeys passkeys, Users users, PasskeyProperties properties, Clock clock) {
        this.passkeys = passkeys;
        this.properties = properties;
        PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder().id(properties.rpId())
                .name(properties.rpName()).build();
        this.operations = new Webauthn4JRelyingPartyOperations(new UserEntities(passkeys, users),
                new Credentials(passkeys, clock), rp, Set.copyOf(properties.origins()));
        // a second factor needs no discoverable credential; ES256 and RS256 cover every authenticator in use
        operations.setCustomizeCreationOptions(options -> options
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .userVerification(UserVerificationRequirement.PREFERRED)
                        .residentKey(ResidentKeyRequirement.PREFERRED).build())
                .pubKeyCredParams(PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.EdDSA,
                        PublicKeyCredentialParameters.RS256)
                .timeout(properties.ceremonyTtl()));
        operations.setCustomizeRequestOptions(options -> options.timeout(properties.ceremonyTtl()));
    }

    @Override
    public Options registrationOptions(UserId userId) {
        PublicKeyCredentialCreationOptions options = operations.createPublicKeyCredentialCreationOptions(
                new ImmutablePublicKeyCredentialCreationOptionsRequest(as(userId)));
        return new Options(options.getChallenge().getBytes(), json.writeValueAsString(options));
    }

    @Override
    public Passkey register(String optionsJson, Attestation attestation, String label) {
        return verified(() -> {
            Bytes rawId = Bytes.fromBase64(attestation.rawId());
            if (passkeys.findByCredentialId(rawId.getBytes()).isPresent()) {
                throw new PasskeyRefusedException(Reason.ALREADY_REGISTERED, "This passkey is already registered");
            }
            AuthenticatorAttestationResponse response = AuthenticatorAttestationResponse.builder()
                    .clientDataJSON(Bytes.fromBase64(attestation.clientDataJson()))
                    .attestationObject(Bytes.fromBase64(attestation.attestationObject()))
                    .transports(transports(attestation.transports()))
                    .build();
            PublicKeyCredential<AuthenticatorAttestationResponse> credential = PublicKeyCredential
                    .<AuthenticatorAttestationResponse>builder()
                    .id(attestation.id()).rawId(rawId).type(PublicKeyCredentialType.valueOf(attestation.type()))
                    .authenticatorAttachment(attachment(attestation.authenticatorAttachment()))
                    .response(response).build();
            CredentialRecord record = operations.registerCredential(new ImmutableRelyingPartyRegistrationRequest(
                    creationOptions(optionsJson), new RelyingPartyPublicKey(credential, label)));
            return passkeys.findByCredentialId(record.getCredentialId().getBytes()).orElseThrow();
        });
    }

    @Override
    public Options authenticationOptions(UserId userId) {
        PublicKeyCredentialRequestOptions options = operations.createCredentialRequestOptions(
                new ImmutablePublicKeyCredentialRequestOptionsRequest(as(userId)));
        return new Options(options.getChallenge().getBytes(), json.writeValueAsString(options));
    }

    @Override
    public Passkey authenticate(String optionsJson, Assertion assertion) {
        return verified(() -> {
            Bytes rawId = Bytes.fromBase64(assertion.rawId());
            PublicKeyCredentialRequestOptions options = requestOptions(optionsJson);
            boolean allowed = options.getAllowCredentials().stream().anyMatch(allow -> rawId.equals(allow.getId()));
            if (!allowed || passkeys.findByCredentialId(rawId.getBytes()).isEmpty()) {
                throw new PasskeyRefusedException(Reason.NOT_ALLOWED_CREDENTIAL, "This passkey is not one of yours");
            }
            AuthenticatorAssertionResponse response = AuthenticatorAssertionResponse.builder()
                    .clientDataJSON(Bytes.fromBase64(assertion.clientDataJson()))
                    .authenticatorData(Bytes.fromBase64(assertion.authenticatorData()))
                    .signature(Bytes.fromBase64(assertion.signature()))
                    .userHandle(assertion.userHandle() == null ? null : Bytes.fromBase64(assertion.userHandle()))
                    .build();
            PublicKeyCredential<AuthenticatorAssertionResponse> credential = PublicKeyCredential
                    .<AuthenticatorAssertionResponse>builder()
                    .id(assertion.id()).rawId(rawId).type(PublicKeyCredentialType.valueOf(assertion.type()))
                    .authenticatorAttachment(attachment(assertion.authenticatorAttachment()))
                    .response(response).build();
            operations.authenticate(new RelyingPartyAuthenticationRequest(options, credential));
            return passkeys.findByCredentialId(rawId.getBytes()).orElseThrow();
        });
    }

    private interface Verification {
        Passkey run();
    }

    /** The library's and webauthn4j's refusals, as Medbook's reasons; anything else is not a refusal. */
    private static Passkey verified(Verification verification) {
        try {
            return verification.run();
        } catch (BadOriginException e) {
            throw new PasskeyRefusedException(Reason.WRONG_ORIGIN, e.getMessage());
        } catch (BadRpIdException e) {
            throw new PasskeyRefusedException(Reason.WRONG_RP_ID, e.getMessage());
        } catch (BadChallengeException e) {
            throw new PasskeyRefusedException(Reason.WRONG_CHALLENGE, e.getMessage());
        } catch (MaliciousCounterValueException e) {
            throw new PasskeyRefusedException(Reason.CLONED_AUTHENTICATOR, e.getMessage());
        } catch (NotAllowedCredentialIdException e) {
            throw new PasskeyRefusedException(Reason.NOT_ALLOWED_CREDENTIAL, e.getMessage());
        } catch (WebAuthnException | IllegalArgumentException | IllegalStateException e) {
            // a bad signature, malformed CBOR or base64, a user not present, a missing field
            throw new PasskeyRefusedException(Reason.INVALID, e.getMessage());
        }
    }

    private static UsernamePasswordAuthenticationToken as(UserId userId) {
        return UsernamePasswordAuthenticationToken.authenticated(userId.value().toString(), null, List.of());
    }

    /** The creation options of a ceremony, rebuilt from the JSON the browser was given. */
    private PublicKeyCredentialCreationOptions creationOptions(String optionsJson) {
        JsonNode node = json.readTree(optionsJson);
        List<PublicKeyCredentialParameters> algorithms = new ArrayList<>();
        node.path("pubKeyCredParams").forEach(parameter -> algorithms.add(parameters(parameter.path("alg").asLong())));
        JsonNode user = node.path("user");
        return PublicKeyCredentialCreationOptions.builder()
                .rp(PublicKeyCredentialRpEntity.builder().id(node.path("rp").path("id").asString())
                        .name(node.path("rp").path("name").asString()).build())
                .user(ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.fromBase64(user.path("id").asString()))
                        .name(user.path("name").asString()).displayName(user.path("displayName").asString()).build())
                .challenge(Bytes.fromBase64(node.path("challenge").asString()))
                .pubKeyCredParams(algorithms)
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .userVerification(userVerification(node.path("authenticatorSelection").path("userVerification").asString()))
                        .build())
                .timeout(properties.ceremonyTtl())
                .build();
    }

    /** The request options of a ceremony, rebuilt from the JSON the browser was given. */
    private PublicKeyCredentialRequestOptions requestOptions(String optionsJson) {
        JsonNode node = json.readTree(optionsJson);
        List<PublicKeyCredentialDescriptor> allowed = new ArrayList<>();
        node.path("allowCredentials").forEach(allow -> allowed.add(PublicKeyCredentialDescriptor.builder()
                .id(Bytes.fromBase64(allow.path("id").asString())).build()));
        return PublicKeyCredentialRequestOptions.builder()
                .challenge(Bytes.fromBase64(node.path("challenge").asString()))
                .rpId(node.path("rpId").asString())
                .allowCredentials(allowed)
                .userVerification(userVerification(node.path("userVerification").asString()))
                .timeout(properties.ceremonyTtl())
                .build();
    }

    private static PublicKeyCredentialParameters parameters(long alg) {
        for (PublicKeyCredentialParameters known : List.of(PublicKeyCredentialParameters.ES256,
                PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.RS256)) {
            if (known.getAlg().getValue() == alg) {
                return known;
            }
        }
        throw new IllegalStateException("a ceremony names an algorithm Medbook never offers: " + alg);
    }

    private static UserVerificationRequirement userVerification(String value) {
        return switch (value) {
            case "required" -> UserVerificationRequirement.REQUIRED;
            case "discouraged" -> UserVerificationRequirement.DISCOURAGED;
            default -> UserVerificationRequirement.PREFERRED;
        };
    }

    private static List<AuthenticatorTransport> transports(List<String> values) {
        return values == null ? List.of() : values.stream().map(AuthenticatorTransport::valueOf).toList();
    }

    private static AuthenticatorAttachment attachment(String value) {
        return value == null || value.isBlank() ? null : AuthenticatorAttachment.valueOf(value);
    }

    /** A staff member's WebAuthn user entity: the random handle, named by their e-mail address. */
    private record UserEntities(Passkeys passkeys, Users users) implements PublicKeyCredentialUserEntityRepository {

        @Override
        public PublicKeyCredentialUserEntity findById(Bytes id) {
            return passkeys.userOfHandle(id.getBytes()).map(user -> entity(user, id.getBytes())).orElse(null);
        }

        @Override
        public PublicKeyCredentialUserEntity findByUsername(String username) {
            UserId userId = new UserId(UUID.fromString(username));
            return passkeys.handleOf(userId).map(handle -> entity(userId, handle)).orElse(null);
        }

        private PublicKeyCredentialUserEntity entity(UserId userId, byte[] handle) {
            var user = users.findById(userId).orElseThrow();
            String name = user.email().orElse(userId.value().toString());
            return ImmutablePublicKeyCredentialUserEntity.builder().id(new Bytes(handle)).name(name)
                    .displayName(user.name().orElse(name)).build();
        }

        @Override
        public void save(PublicKeyCredentialUserEntity userEntity) {
            throw new IllegalStateException("user handles are made by Passkeys.userHandle before a ceremony starts");
        }

        @Override
        public void delete(Bytes id) {
            throw new UnsupportedOperationException("user handles go with their account");
        }
    }

    /** Passkeys as the library's credential records; a save is a new passkey or the use of one. */
    private record Credentials(Passkeys passkeys, Clock clock) implements UserCredentialRepository {

        @Override
        public void delete(Bytes credentialId) {
            throw new UnsupportedOperationException("passkeys are deleted by their owner's handlers");
        }

        @Override
        public void save(CredentialRecord record) {
            var existing = passkeys.lockByCredentialId(record.getCredentialId().getBytes());
            if (existing.isEmpty()) {
                UserId owner = passkeys.userOfHandle(record.getUserEntityUserId().getBytes()).orElseThrow();
                passkeys.add(new Passkey(UUID.randomUUID(), record.getCredentialId().getBytes(), owner,
                        record.getLabel(), record.getPublicKey().getBytes(), record.getSignatureCount(),
                        record.getTransports().stream().map(AuthenticatorTransport::getValue).collect(Collectors.toSet()),
                        record.isUvInitialized(), record.isBackupEligible(), record.isBackupState(),
                        bytes(record.getAttestationObject()), bytes(record.getAttestationClientDataJSON()),
                        clock.instant(), null));
                return;
            }
            switch (existing.get().use(record.getSignatureCount(), clock.instant())) {
                case Passkey.Used used -> passkeys.recordUse(used.passkey());
                case Passkey.CounterWentBack back -> throw new PasskeyRefusedException(Reason.CLONED_AUTHENTICATOR,
                        "signature counter " + back.presented() + " after " + back.stored());
            }
        }

        @Override
        public CredentialRecord findByCredentialId(Bytes credentialId) {
            return passkeys.lockByCredentialId(credentialId.getBytes()).map(this::record).orElse(null);
        }

        @Override
        public List<CredentialRecord> findByUserId(Bytes userId) {
            return passkeys.userOfHandle(userId.getBytes()).map(passkeys::of).orElse(List.of()).stream()
                    .map(this::record).toList();
        }

        private CredentialRecord record(Passkey passkey) {
            byte[] handle = passkeys.handleOf(passkey.userId()).orElseThrow();
            return ImmutableCredentialRecord.builder()
                    .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                    .credentialId(new Bytes(passkey.credentialId()))
                    .userEntityUserId(new Bytes(handle))
                    .publicKey(new ImmutablePublicKeyCose(passkey.publicKeyCose()))
                    .signatureCount(passkey.signCount())
                    .uvInitialized(passkey.uvInitialized())
                    .transports(passkey.transports().stream().map(AuthenticatorTransport::valueOf)
                            .collect(Collectors.toCollection(HashSet::new)))
                    .backupEligible(passkey.backupEligible())
                    .backupState(passkey.backupState())
                    .attestationObject(new Bytes(passkey.attestationObject()))
                    .attestationClientDataJSON(new Bytes(passkey.attestationClientDataJson()))
                    .label(passkey.label())
                    .created(passkey.createdAt())
                    .lastUsed(passkey.lastUsedAt() == null ? passkey.createdAt() : passkey.lastUsedAt())
                    .build();
        }

        private static byte[] bytes(Bytes value) {
            return value == null ? new byte[0] : value.getBytes();
        }
    }
}
