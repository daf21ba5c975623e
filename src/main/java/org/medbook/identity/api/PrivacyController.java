package org.medbook.identity.api;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.Role;
import org.medbook.identity.application.EraseAccountCommand;
import org.medbook.identity.application.EraseAccountHandler;
import org.medbook.identity.application.ExportDownloads;
import org.medbook.identity.application.ExportView;
import org.medbook.identity.application.RequestExportCommand;
import org.medbook.identity.application.RequestExportHandler;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Privacy", description = "Export of one's personal data, and erasure of an account")
class PrivacyController {

    private static final String EXPORTS = "/api/v1/me/export";

    private final RequestExportHandler requests;
    private final ExportDownloads downloads;
    private final EraseAccountHandler erasure;

    PrivacyController(RequestExportHandler requests, ExportDownloads downloads, EraseAccountHandler erasure) {
        this.requests = requests;
        this.downloads = downloads;
        this.erasure = erasure;
    }

    record ErasureConfirmation(@NotBlank @Size(max = 6) @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits")
                               String code) {
    }

    @Operation(summary = "Ask for an export of all the caller's personal data; it is built in the background and "
            + "a notification says when it is ready")
    @ApiResponse(responseCode = "202", description = "Accepted; poll GET /api/v1/me/export/{id}")
    @PostMapping(EXPORTS)
    ResponseEntity<ExportView> requestExport(Caller caller) {
        ExportView export = requests.handle(new RequestExportCommand(caller.userId(), caller.clientIp()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(EXPORTS + "/" + export.id())).body(export);
    }

    @Operation(summary = "The caller's export: its JSON status while it is being built, the ZIP once it is ready; "
            + "404 once it has expired or when it is not the caller's")
    @ApiResponse(responseCode = "200", description = "PENDING (or FAILED) status as JSON, or the archive",
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = ExportView.class)),
                    @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary"))})
    @GetMapping(EXPORTS + "/{id}")
    ResponseEntity<?> export(@PathVariable UUID id, Caller caller) {
        ExportView export = downloads.status(id, caller.userId());
        return switch (export.status()) {
            case "PENDING", "FAILED" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(export);
            case "READY" -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename("medbook-export-" + id + ".zip").build().toString())
                    .body(downloads.download(id, caller.userId(), caller.clientIp()));
            default -> throw new MedbookException(ProblemKind.NOT_FOUND, "export-expired",
                    "This export has expired; request a new one");
        };
    }

    @Operation(summary = "Erase the caller's account for good, confirmed by a fresh one-time code sent to the "
            + "account's e-mail (or phone) through POST /api/v1/auth/otp")
    @ApiResponse(responseCode = "204", description = "Erased; every token of the account is refused from now on")
    @PostMapping("/api/v1/me/erasure")
    ResponseEntity<Void> eraseSelf(@Valid @RequestBody ErasureConfirmation body, Caller caller) {
        erasure.handle(new EraseAccountCommand(caller.userId(), caller.userId(), body.code(), caller.clientIp(),
                caller.hasRole(Role.ADMIN.name())));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Erase an account on a request received by other means (audited): a patient's with "
            + "users:manage; a doctor's or staff member's by an administrator only, never one's own or the last "
            + "active administrator's")
    @ApiResponse(responseCode = "204", description = "Erased")
    @PostMapping("/api/v1/admin/users/{id}/erasure")
    @PreAuthorize("hasAuthority('users:manage')")
    ResponseEntity<Void> eraseByStaff(@PathVariable UUID id, Caller caller) {
        if (id.equals(caller.userId())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "self-erasure",
                    "Your own account cannot be erased from the back office; another administrator can do it");
        }
        erasure.handle(new EraseAccountCommand(id, caller.userId(), null, caller.clientIp(),
                caller.hasRole(Role.ADMIN.name())));
        return ResponseEntity.noContent().build();
    }
}
