package org.medbook.notifications.application;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.domain.Kind;
import org.medbook.shared.MedbookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The push channel with push services the test plays: what a platform this server cannot serve, a
 * service that never answers and one that breaks its promise not to throw make of a delivery.
 */
class PushChannelSenderTests {

    private static final UUID ANN = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final Instant NOW = Instant.parse("2027-03-01T09:00:00Z");

    private final Map<UUID, List<Device>> registered = new java.util.HashMap<>();
    private final List<Device> forgotten = new CopyOnWriteArrayList<>();

    private final Devices devices = new Devices() {
        @Override
        public Registered register(Device device) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void keepNewest(UUID userId, int keep) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Device> of(UUID userId) {
            return registered.getOrDefault(userId, List.of());
        }

        @Override
        public Map<UUID, List<Device>> of(Collection<UUID> userIds) {
            return userIds.stream().filter(registered::containsKey)
                    .collect(Collectors.toMap(Function.identity(), registered::get));
        }

        @Override
        public boolean remove(UUID userId, UUID deviceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forget(Device device) {
            forgotten.add(device);
        }
    };

    /** A push service whose answer per device the test writes. */
    private record Played(Device.Platform platform, Optional<String> unavailable,
                          Function<Device, Outcome> answer) implements PushGateway {

        @Override
        public Outcome send(Device device, PushMessage message) {
            return answer.apply(device);
        }
    }

    private static Played serving(Device.Platform platform, Function<Device, PushGateway.Outcome> answer) {
        return new Played(platform, Optional.empty(), answer);
    }

    /** A sender whose every push request may take {@code timeout} twice (connect and read): its patience is 8 of them. */
    private PushChannelSender sender(Duration timeout, PushGateway... gateways) {
        PushProperties push = new PushProperties(timeout, timeout, 10, true, Duration.ofHours(24), List.of(),
                new PushProperties.Fcm(null, null, "https://fcm.googleapis.com", timeout, timeout),
                new PushProperties.Vapid(null, null, null));
        NotificationsProperties notifications = new NotificationsProperties(true, null, null, null, null, null, 200,
                null, null, 4, true);
        return new PushChannelSender(devices, List.of(gateways), notifications, push);
    }

    private Device device(Device.Platform platform) {
        Device device = new Device(UUID.randomUUID(), ANN, platform, "address-" + UUID.randomUUID(), null, null, NOW);
        registered.computeIfAbsent(ANN, id -> new java.util.ArrayList<>()).add(device);
        return device;
    }

    private static ChannelSender.Outgoing outgoing(Set<String> doneTargets) {
        UserContacts.Contact ann = new UserContacts.Contact(ANN, "Ann", "ann@example.com", null, "en",
                Set.of(Role.PATIENT), true);
        return new ChannelSender.Outgoing(UUID.randomUUID(), UUID.randomUUID(), Kind.BOOKING_CONFIRMED, ann,
                "Booking confirmed", "Tuesday 2 March 2027, 09:30", Map.of("bookingId", "b-1"), Locale.ENGLISH,
                ZoneId.of("Europe/Berlin"), null, doneTargets, 1, NOW);
    }

    private static ChannelSender.SendResult sendOne(PushChannelSender sender, ChannelSender.Outgoing outgoing) {
        Map<UUID, ChannelSender.SendResult> results = sender.send(List.of(outgoing));
        assertThat(results).containsOnlyKeys(outgoing.deliveryId());
        return results.get(outgoing.deliveryId());
    }

    @Test
    void devicesOfPlatformsThisServerCannotServeAreSkippedNamingWhy() {
        device(Device.Platform.FCM);
        device(Device.Platform.WEB_PUSH);
        PushChannelSender sender = sender(Duration.ofSeconds(1),
                new Played(Device.Platform.FCM, Optional.of("FCM has no credentials"), d -> {
                    throw new AssertionError("an unavailable service is not called");
                }));

        ChannelSender.SendResult result = sendOne(sender, outgoing(Set.of()));

        assertThat(result).isInstanceOfSatisfying(ChannelSender.SendResult.Skipped.class, skipped ->
                assertThat(skipped.reason()).isEqualTo("FCM has no credentials; WEB_PUSH is not available"));
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsRetriedForItsDeviceAloneAndItsRequestIsAbandoned() throws Exception {
        Device phone = device(Device.Platform.FCM);
        Device browser = device(Device.Platform.WEB_PUSH);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean abandoned = new AtomicBoolean();
        PushChannelSender sender = sender(Duration.ofMillis(25),
                serving(Device.Platform.FCM, d -> new PushGateway.Outcome.Served()),
                serving(Device.Platform.WEB_PUSH, d -> {
                    try {
                        never.await();
                        return new PushGateway.Outcome.Served();
                    } catch (InterruptedException e) {
                        abandoned.set(true);
                        return new PushGateway.Outcome.Retry("interrupted");
                    }
                }));

        ChannelSender.SendResult result = sendOne(sender, outgoing(Set.of()));

        assertThat(result).isInstanceOfSatisfying(ChannelSender.SendResult.Retry.class, retry -> {
            assertThat(retry.reason()).startsWith("WEB_PUSH: no answer within");
            assertThat(retry.targets()).as("the phone was served and is not sent to again").containsExactly(phone.id().toString());
        });
        await().atMost(Duration.ofSeconds(5)).untilTrue(abandoned);
        assertThat(never.getCount()).isOne();
        assertThat(forgotten).doesNotContain(browser);
    }

    @Test
    void aServiceThatThrowsAfterAllIsRetriedNamingTheFailure() {
        Device browser = device(Device.Platform.WEB_PUSH);
        Device gone = device(Device.Platform.FCM);
        PushChannelSender sender = sender(Duration.ofSeconds(1),
                serving(Device.Platform.WEB_PUSH, d -> {
                    throw new IllegalStateException("a bug in the gateway");
                }),
                serving(Device.Platform.FCM, d -> new PushGateway.Outcome.Gone("UNREGISTERED")));

        ChannelSender.SendResult result = sendOne(sender, outgoing(Set.of()));

        assertThat(result).isInstanceOfSatisfying(ChannelSender.SendResult.Retry.class, retry -> {
            assertThat(retry.reason()).isEqualTo("WEB_PUSH: IllegalStateException");
            assertThat(retry.targets()).as("a gone device counts as done").containsExactly(gone.id().toString());
        });
        assertThat(forgotten).containsExactly(gone);
        assertThat(registered.get(ANN)).contains(browser);
    }

    @Test
    void aDeviceServedByAnEarlierAttemptIsNotSentToAgain() {
        Device phone = device(Device.Platform.FCM);
        Device browser = device(Device.Platform.WEB_PUSH);
        List<Device> called = new CopyOnWriteArrayList<>();
        PushChannelSender sender = sender(Duration.ofSeconds(1),
                serving(Device.Platform.FCM, d -> {
                    called.add(d);
                    return new PushGateway.Outcome.Served();
                }),
                serving(Device.Platform.WEB_PUSH, d -> {
                    called.add(d);
                    return new PushGateway.Outcome.Served();
                }));

        ChannelSender.SendResult result = sendOne(sender, outgoing(Set.of(phone.id().toString())));

        assertThat(called).containsExactly(browser);
        assertThat(result).isEqualTo(new ChannelSender.SendResult.Sent(
                new java.util.LinkedHashSet<>(List.of(phone.id().toString(), browser.id().toString()))));
    }

    @Test
    void theKeyBrowsersSubscribeWithIsMissingWhenWebPushIsOff() {
        DeviceHandler off = new DeviceHandler(null, null, Optional::empty, null, null, null);
        DeviceHandler on = new DeviceHandler(null, null, () -> Optional.of("BPublicKey"), null, null, null);

        assertThat(on.webPushPublicKey()).isEqualTo("BPublicKey");
        assertThatThrownBy(off::webPushPublicKey).isInstanceOfSatisfying(MedbookException.class,
                refused -> assertThat(refused.slug()).isEqualTo("web-push-disabled"));
    }

    @Test
    void theVapidContactMustBeAMailtoOrHttpsUri() {
        assertThat(new PushProperties.Vapid(null, null, null).subject()).isEqualTo("mailto:no-reply@medbook.org");
        assertThat(new PushProperties.Vapid(null, null, " https://medbook.example/contact ").subject())
                .isEqualTo("https://medbook.example/contact");
        assertThatThrownBy(() -> new PushProperties.Vapid(null, null, "http://medbook.example/contact"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> new PushProperties.Vapid(null, null, "no-reply@medbook.example"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAnUncompressedPointIsAP256Key() {
        byte[] compressedForm = new byte[65];
        compressedForm[0] = 0x02;
        assertThat(RegisterDeviceCommand.onP256(new byte[64])).isFalse();
        assertThat(RegisterDeviceCommand.onP256(compressedForm)).isFalse();
        // the curve's generator, uncompressed (SEC 2, 2.4.2)
        byte[] generator = java.util.HexFormat.of().parseHex("04"
                + "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        assertThat(RegisterDeviceCommand.onP256(generator)).isTrue();
        generator[64] ^= 1;
        assertThat(RegisterDeviceCommand.onP256(generator)).isFalse();
    }
}
