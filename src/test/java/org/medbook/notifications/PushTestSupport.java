package org.medbook.notifications;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.application.ChannelSender;
import org.medbook.notifications.domain.Channel;
import org.medbook.notifications.domain.Kind;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** What the push tests share: signed-in users with devices, and the application's PUSH sender. */
public abstract class PushTestSupport extends IntegrationTest {

    public static final String DEVICES = "/api/v1/devices";

    @Autowired
    private List<ChannelSender> senders;

    /** A signed-in patient: their token and id. */
    public record User(String token, UUID id) {
    }

    protected User newUser(String name) {
        String token = patientToken(uniqueEmail(name));
        Api.Response me = api.get("/api/v1/me", token);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        return new User(token, UUID.fromString(me.text("id")));
    }

    protected static String newFcmToken() {
        return "fcm-" + UUID.randomUUID() + ":APA91b" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Registers an FCM token; returns the device id. */
    protected String registerFcm(User user, String fcmToken) {
        Api.Response created = api.post(DEVICES, Map.of("platform", "FCM", "token", fcmToken), user.token());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    /** Registers a browser's subscription; returns the device id. */
    protected String registerWebPush(User user, WebPushReceiver.Subscription subscription) {
        Api.Response created = api.post(DEVICES, Map.of("platform", "WEB_PUSH", "subscription", subscription.json()),
                user.token());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    protected List<String> devicesOf(User user) {
        return api.get(DEVICES, user.token()).body().findValuesAsString("id");
    }

    protected ChannelSender push() {
        return senders.stream().filter(s -> s.channel() == Channel.PUSH).findFirst().orElseThrow();
    }

    /** One delivery of a booking confirmation to the user, as the delivery loop hands it over. */
    protected static ChannelSender.Outgoing confirmation(User user, Set<String> doneTargets) {
        return outgoing(user, "Booking confirmed", "Your in-person visit with Dr. Anna Müller is confirmed.", doneTargets);
    }

    protected static ChannelSender.Outgoing outgoing(User user, String title, String body, Set<String> doneTargets) {
        UserContacts.Contact recipient = new UserContacts.Contact(user.id(), "Ann", null, null, "en",
                Set.of(Role.PATIENT), true);
        Map<String, Object> data = Map.of("bookingId", UUID.randomUUID().toString(), "patientId", user.id().toString(),
                "doctorName", "Dr. Anna Müller", "amountMinor", 6000);
        return new ChannelSender.Outgoing(UUID.randomUUID(), UUID.randomUUID(), Kind.BOOKING_CONFIRMED, recipient, title,
                body, data, Locale.ENGLISH, ZoneId.of("Europe/Berlin"), null, doneTargets, 0, Instant.now());
    }

    protected ChannelSender.SendResult sendOne(ChannelSender.Outgoing outgoing) {
        Map<UUID, ChannelSender.SendResult> results = push().send(List.of(outgoing));
        assertThat(results).containsOnlyKeys(outgoing.deliveryId());
        return results.get(outgoing.deliveryId());
    }
}
