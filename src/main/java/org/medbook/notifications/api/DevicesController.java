package org.medbook.notifications.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.notifications.application.Device;
import org.medbook.notifications.application.DeviceHandler;
import org.medbook.notifications.application.Devices;
import org.medbook.notifications.application.RegisterDeviceCommand;
import org.medbook.shared.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/devices")
@Tag(name = "Devices", description = "The caller's devices for push notifications (FCM and Web Push)")
class DevicesController {

    private final DeviceHandler devices;

    DevicesController(DeviceHandler devices) {
        this.devices = devices;
    }

    /**
     * {@code {"platform": "FCM", "token": "..."}} or {@code {"platform": "WEB_PUSH", "subscription": <the
     * browser's PushSubscription.toJSON()>}}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NewDevice(Device.Platform platform, @Size(max = 4096) String token, @Valid Subscription subscription) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Subscription(@Size(max = 2048) String endpoint, @Valid Keys keys) {
    }

    record Keys(@Size(max = 200) String p256dh, @Size(max = 200) String auth) {
    }

    @Operation(summary = "Register a device of mine for push (201); a known token or endpoint moves to me (200)")
    @ApiResponse(responseCode = "201", description = "Registered", headers = @Header(name = "Location", schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "200", description = "Already known; now registered to the caller")
    @PostMapping
    ResponseEntity<Device.DeviceView> register(@Valid @RequestBody NewDevice body, Caller caller) {
        Subscription subscription = body.subscription();
        Keys keys = subscription == null ? null : subscription.keys();
        Devices.Registered registered = devices.register(new RegisterDeviceCommand(caller.userId(), body.platform(),
                body.token(), subscription == null ? null : subscription.endpoint(),
                keys == null ? null : keys.p256dh(), keys == null ? null : keys.auth()));
        Device.DeviceView view = registered.device().view();
        return registered.created()
                ? ResponseEntity.created(URI.create("/api/v1/devices/" + view.id())).body(view)
                : ResponseEntity.ok(view);
    }

    @Operation(summary = "My devices registered for push")
    @GetMapping
    List<Device.DeviceView> list(Caller caller) {
        return devices.list(caller.userId());
    }

    @Operation(summary = "Stop pushing to one of my devices")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID id, Caller caller) {
        devices.remove(caller.userId(), id);
    }

    @Operation(summary = "The VAPID public key browsers subscribe with (applicationServerKey), base64url")
    @GetMapping("/web-push-key")
    Map<String, String> webPushKey() {
        return Map.of("publicKey", devices.webPushPublicKey());
    }
}
