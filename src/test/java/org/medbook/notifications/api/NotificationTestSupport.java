package org.medbook.notifications.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.JsonNode;

import org.medbook.booking.api.BookingTestSupport;
import org.medbook.support.Api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reading inboxes, e-mails and text messages the way a client and a recipient would. */
public abstract class NotificationTestSupport extends BookingTestSupport {

    static final Pattern ANY = Pattern.compile(".");

    /** The caller's in-app notifications, newest first (first page of 100). */
    protected List<JsonNode> inbox(String token) {
        Api.Response page = api.get("/api/v1/notifications?size=100", token);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        page.body().path("items").forEach(items::add);
        return items;
    }

    protected List<String> kinds(String token) {
        return inbox(token).stream().map(n -> n.path("kind").asString()).toList();
    }

    /** Waits for an in-app notification of the kind and returns the newest one. */
    protected JsonNode awaitNotification(String token, String kind) {
        await().atMost(Duration.ofSeconds(15)).until(() -> kinds(token).contains(kind));
        return inbox(token).stream().filter(n -> n.path("kind").asString().equals(kind)).findFirst().orElseThrow();
    }

    protected long unreadCount(String token) {
        Api.Response count = api.get("/api/v1/notifications/unread-count", token);
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
        return count.body().path("unreadCount").asLong();
    }

    /** Every e-mail to the address whose subject is the given one. */
    protected static long mailsWithSubject(String address, String subject) {
        return mailsTo(address).stream().filter(m -> {
            try {
                return subject.equals(m.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).count();
    }

    protected static void awaitMail(String address, String subject) {
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsWithSubject(address, subject) > 0);
    }

    /** Texts sent to the phone through Twilio (form-decoded bodies). */
    protected static List<String> textsTo(String phone) {
        List<String> texts = new ArrayList<>();
        for (LoggedRequest request : PROVIDERS.findAll(postRequestedFor(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json")))) {
            String form = URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
            if (form.contains("To=" + phone)) {
                texts.add(form);
            }
        }
        return texts;
    }

    /**
     * A free slot (in person or by video) starting after {@code after} and before {@code before}; the
     * test doctor works 06:00-22:00 in Berlin every day, so any window longer than 8 hours has one.
     */
    protected record Slot(String start, String type) {
    }

    protected Slot slotBetween(String doctorId, java.time.Instant after, java.time.Instant before) {
        for (String type : List.of("IN_PERSON", "VIDEO")) {
            for (String start : freeSlots(doctorId, type, 7)) {
                if (instant(start).isAfter(after) && instant(start).isBefore(before)) {
                    return new Slot(start, type);
                }
            }
        }
        throw new AssertionError("no free slot between " + after + " and " + before);
    }

    /** A patient signed in by SMS, so the account holds a proven phone number. */
    protected record PhonePatient(String phone, String token) {
    }

    protected PhonePatient phonePatient() {
        // 0151 is a German mobile prefix followed by 8 digits: always a valid number
        String phone = "+49151" + (10_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(89_999_999));
        Api own = api;
        api = api.from(newClientIp());
        try {
            Api.Response asked = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone));
            assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> !textsTo(phone).isEmpty());
            List<String> texts = textsTo(phone);
            String code = codeIn(texts.get(texts.size() - 1));
            Api.Response verified = api.post("/api/v1/auth/otp/verify", Map.of("destination", phone, "code", code));
            assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
            return new PhonePatient(phone, verified.text("accessToken"));
        } finally {
            api = own;
        }
    }

}
