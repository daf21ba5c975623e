package org.medbook.notifications.application;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Registering, listing and removing the caller's push devices, and the key browsers subscribe with. */
@Component
public class DeviceHandler {

    private final Devices devices;
    private final PushEndpointRule endpoints;
    private final WebPushKey webPushKey;
    private final PushProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DeviceHandler(Devices devices, PushEndpointRule endpoints, WebPushKey webPushKey, PushProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.devices = devices;
        this.endpoints = endpoints;
        this.webPushKey = webPushKey;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** A token or endpoint seen before moves to the caller ({@code created} is false). */
    public Devices.Registered register(RegisterDeviceCommand command) {
        if (command.platform() == Device.Platform.WEB_PUSH) {
            if (!properties.webPushEnabled()) {
                throw new MedbookException(ProblemKind.RULE_BROKEN, "web-push-disabled",
                        "This server does not send Web Push notifications");
            }
            // resolved outside the transaction: a slow name server must not hold a connection
            try {
                endpoints.check(command.endpoint());
            } catch (PushEndpointRule.Refused refused) {
                throw new MedbookException(ProblemKind.BAD_INPUT, "unsafe-push-endpoint",
                        "The push endpoint " + refused.getMessage(), Map.of("errors",
                        List.of(Map.of("field", "subscription.endpoint", "message", refused.getMessage()))), null);
            }
        }
        Device device = new Device(UUID.randomUUID(), command.userId(), command.platform(), command.address(),
                command.p256dh(), command.auth(), clock.instant());
        return transaction.execute(status -> {
            Devices.Registered registered = devices.register(device);
            devices.keepNewest(command.userId(), properties.maxDevicesPerUser());
            return registered;
        });
    }

    public List<Device.DeviceView> list(UUID userId) {
        return devices.of(userId).stream().map(Device::view).toList();
    }

    public void remove(UUID userId, UUID deviceId) {
        if (!devices.remove(userId, deviceId)) {
            throw MedbookException.notFound("Device");
        }
    }

    public String webPushPublicKey() {
        return webPushKey.publicKey().orElseThrow(() -> new MedbookException(ProblemKind.NOT_FOUND,
                "web-push-disabled", "This server does not send Web Push notifications"));
    }
}
