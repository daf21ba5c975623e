package org.medbook.notifications.infrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.medbook.notifications.PushTestSupport;
import org.medbook.notifications.WebPushReceiver;
import org.medbook.notifications.application.ChannelSender;
import org.medbook.notifications.application.ChannelSender.SendResult;
import org.medbook.support.TestDatabase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Web Push through its real protocol to a local push service that checks VAPID and decrypts like a browser. */
class WebPushTests extends PushTestSupport {

    private static final WebPushReceiver RECEIVER = WebPushReceiver.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void theBrowserDecryptsWhatWasSentAndTheRequestIsSignedWithOurKey() {
        User ann = newUser("ann");
        WebPushReceiver.Subscription subscription = RECEIVER.subscribe(UUID.randomUUID().toString());
        String device = registerWebPush(ann, subscription);
        ChannelSender.Outgoing outgoing = outgoing(ann, "Booking confirmed", "Ihr Termin bei Dr. Anna Müller ist bestätigt ✓",
                Set.of());

        SendResult result = sendOne(outgoing);

        assertThat(result).isEqualTo(new SendResult.Sent(Set.of(device)));
        assertThat(RECEIVER.to(subscription)).hasSize(1);
        WebPushReceiver.Received push = RECEIVER.to(subscription).get(0);
        assertThat(push.method()).isEqualTo("POST");
        assertThat(push.headers().get("TTL")).isEqualTo("86400");
        assertThat(push.headers().get("Urgency")).isEqualTo("high");
        String signingKey = push.verifiedVapidKey("http://127.0.0.1:" + RECEIVER.port());
        assertThat(signingKey).isEqualTo(api.get(DEVICES + "/web-push-key", ann.token()).text("publicKey"));
        JsonNode payload = JSON.readTree(push.decryptedFor(subscription));
        assertThat(payload.path("title").asString()).isEqualTo("Booking confirmed");
        assertThat(payload.path("body").asString()).isEqualTo("Ihr Termin bei Dr. Anna Müller ist bestätigt ✓");
        assertThat(payload.path("kind").asString()).isEqualTo("BOOKING_CONFIRMED");
        assertThat(payload.path("notificationId").asString()).isEqualTo(outgoing.notificationId().toString());
        assertThat(payload.path("bookingId").asString()).isEqualTo(outgoing.data().get("bookingId"));
        assertThat(payload.propertyNames()).containsExactlyInAnyOrder("title", "body", "kind", "notificationId", "bookingId");
    }

    @Test
    void aSubscriptionThePushServiceCallsGoneIsRemovedAndCountsAsDone() {
        User ann = newUser("ann");
        WebPushReceiver.Subscription live = RECEIVER.subscribe(UUID.randomUUID().toString());
        WebPushReceiver.Subscription expired = RECEIVER.subscribe(UUID.randomUUID().toString());
        WebPushReceiver.Subscription unknown = RECEIVER.subscribe(UUID.randomUUID().toString());
        String liveDevice = registerWebPush(ann, live);
        String expiredDevice = registerWebPush(ann, expired);
        String unknownDevice = registerWebPush(ann, unknown);
        RECEIVER.answer(expired, 410);
        RECEIVER.answer(unknown, 404);

        SendResult result = sendOne(confirmation(ann, Set.of()));

        assertThat(result).isEqualTo(new SendResult.Sent(Set.of(liveDevice, expiredDevice, unknownDevice)));
        assertThat(devicesOf(ann)).containsExactly(liveDevice);
    }

    @Test
    void aBusyPushServiceIsRetriedForTheUnservedSubscriptionOnly() {
        User ann = newUser("ann");
        WebPushReceiver.Subscription fine = RECEIVER.subscribe(UUID.randomUUID().toString());
        WebPushReceiver.Subscription busy = RECEIVER.subscribe(UUID.randomUUID().toString());
        String fineDevice = registerWebPush(ann, fine);
        String busyDevice = registerWebPush(ann, busy);
        RECEIVER.answer(busy, 429);

        SendResult first = sendOne(confirmation(ann, Set.of()));

        assertThat(first).isInstanceOf(SendResult.Retry.class);
        assertThat(((SendResult.Retry) first).targets()).containsExactly(fineDevice);
        RECEIVER.answer(busy, 201);
        assertThat(sendOne(confirmation(ann, Set.of(fineDevice)))).isEqualTo(new SendResult.Sent(Set.of(fineDevice, busyDevice)));
        assertThat(RECEIVER.to(fine)).hasSize(1);
        assertThat(RECEIVER.to(busy)).hasSize(2);
    }

    @Test
    void theEndpointRuleIsCheckedAgainBeforeEverySend() throws Exception {
        User ann = newUser("ann");
        WebPushReceiver.Subscription subscription = RECEIVER.subscribe(UUID.randomUUID().toString());
        // stored before the rule existed, or its name now resolves elsewhere: localhost is not on the allow-list
        String sneaky = subscription.endpoint().replace("127.0.0.1", "localhost");
        try (Connection db = TestDatabase.connect();
             PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO devices (id, user_id, platform, address, p256dh, auth, created_at, registered_at) "
                             + "VALUES (?, ?, 'WEB_PUSH', ?, ?, ?, ?, ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, ann.id());
            insert.setString(3, sneaky);
            insert.setString(4, subscription.p256dh());
            insert.setString(5, subscription.authSecret());
            insert.setObject(6, OffsetDateTime.now());
            insert.setObject(7, OffsetDateTime.now());
            insert.executeUpdate();
        }

        SendResult result = sendOne(confirmation(ann, Set.of()));

        assertThat(result).isInstanceOf(SendResult.Failed.class);
        assertThat(((SendResult.Failed) result).reason()).contains("endpoint refused");
        assertThat(RECEIVER.to(subscription)).isEmpty();
        assertThat(devicesOf(ann)).hasSize(1);
    }

    @Test
    void aLongMessageIsShortenedToFitOnePushRecord() {
        User ann = newUser("ann");
        WebPushReceiver.Subscription subscription = RECEIVER.subscribe(UUID.randomUUID().toString());
        registerWebPush(ann, subscription);
        String longBody = "Ä".repeat(5000);

        assertThat(sendOne(outgoing(ann, "Booking confirmed", longBody, Set.of()))).isInstanceOf(SendResult.Sent.class);

        JsonNode payload = JSON.readTree(RECEIVER.to(subscription).get(0).decryptedFor(subscription));
        assertThat(payload.path("body").asString()).startsWith("ÄÄÄ").endsWith("…").hasSizeGreaterThan(1500);
        assertThat(payload.path("kind").asString()).isEqualTo("BOOKING_CONFIRMED");
    }
}
