package org.medbook.notifications.api;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.medbook.notifications.WebPushReceiver;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class DevicesApiTests extends IntegrationTest {

    private static final String DEVICES = "/api/v1/devices";
    private static final WebPushReceiver RECEIVER = WebPushReceiver.start();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static Map<String, Object> fcm(String token) {
        return Map.of("platform", "FCM", "token", token);
    }

    private static Map<String, Object> webPush(Map<String, Object> subscription) {
        return Map.of("platform", "WEB_PUSH", "subscription", subscription);
    }

    private static String newToken() {
        return "fcm-" + UUID.randomUUID() + ":APA91b" + UUID.randomUUID().toString().replace("-", "");
    }

    private static List<String> fieldsOf(Api.Response response) {
        return response.body().path("errors").findValuesAsString("field");
    }

    @Test
    void aPatientRegistersAnFcmTokenAndSeesTheDeviceButNeverTheToken() {
        String ann = patientToken(uniqueEmail("ann"));
        String token = newToken();

        Api.Response created = api.post(DEVICES, fcm(token), ann);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("platform")).isEqualTo("FCM");
        assertThat(created.text("createdAt")).isNotNull();
        assertThat(created.header("Location")).isEqualTo(DEVICES + "/" + created.text("id"));
        assertThat(created.raw()).doesNotContain(token);
        Api.Response mine = api.get(DEVICES, ann);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().findValuesAsString("id")).containsExactly(created.text("id"));
        assertThat(mine.raw()).doesNotContain(token);
    }

    @Test
    void registeringTheSameTokenAgainKeepsTheDeviceAndAnswers200() {
        String ann = patientToken(uniqueEmail("ann"));
        String token = newToken();
        Api.Response first = api.post(DEVICES, fcm(token), ann);

        Api.Response again = api.post(DEVICES, fcm(token), ann);

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        assertThat(api.get(DEVICES, ann).body().findValuesAsString("id")).containsExactly(first.text("id"));
    }

    @Test
    void aTokenRegisteredByAnotherUserMovesToThem() {
        String ann = patientToken(uniqueEmail("ann"));
        String bob = patientToken(uniqueEmail("bob"));
        String token = newToken();
        Api.Response anns = api.post(DEVICES, fcm(token), ann);

        Api.Response bobs = api.post(DEVICES, fcm(token), bob);

        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(200);
        assertThat(bobs.text("id")).isNotEqualTo(anns.text("id"));
        assertThat(api.get(DEVICES, ann).body().findValuesAsString("id")).isEmpty();
        assertThat(api.get(DEVICES, bob).body().findValuesAsString("id")).containsExactly(bobs.text("id"));
    }

    @Test
    void anyRoleRegistersABrowserSubscriptionWhoseKeysAreNeverEchoed() {
        WebPushReceiver.Subscription subscription = RECEIVER.subscribe(UUID.randomUUID().toString());
        String admin = adminToken();

        Api.Response created = api.post(DEVICES, webPush(subscription.json()), admin);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("platform")).isEqualTo("WEB_PUSH");
        assertThat(created.raw()).doesNotContain(subscription.p256dh()).doesNotContain(subscription.authSecret())
                .doesNotContain(subscription.endpoint());
        Api.Response mine = api.get(DEVICES, admin);
        assertThat(mine.body().findValuesAsString("id")).contains(created.text("id"));
        assertThat(mine.raw()).doesNotContain(subscription.p256dh()).doesNotContain(subscription.endpoint());
        api.delete(DEVICES + "/" + created.text("id"), admin);
    }

    @Test
    void iRemoveMyDeviceButSomeoneElsesIsNotFound() {
        String ann = patientToken(uniqueEmail("ann"));
        String bob = patientToken(uniqueEmail("bob"));
        String id = api.post(DEVICES, fcm(newToken()), ann).text("id");

        Api.Response bobTries = api.delete(DEVICES + "/" + id, bob);
        assertThat(bobTries.status()).as(bobTries.toString()).isEqualTo(404);
        assertThat(api.get(DEVICES, ann).body().findValuesAsString("id")).containsExactly(id);

        assertThat(api.delete(DEVICES + "/" + id, ann).status()).isEqualTo(204);
        assertThat(api.get(DEVICES, ann).body().findValuesAsString("id")).isEmpty();
        assertThat(api.delete(DEVICES + "/" + id, ann).status()).isEqualTo(404);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String ann = patientToken(uniqueEmail("ann"));
        WebPushReceiver.Subscription subscription = RECEIVER.subscribe(UUID.randomUUID().toString());
        byte[] offCurve = Base64.getUrlDecoder().decode(subscription.p256dh());
        offCurve[64] ^= 1;

        assertThat(fieldsOf(refused(Map.of("platform", "FCM"), ann))).containsExactly("token");
        assertThat(fieldsOf(refused(fcm("has spaces in it"), ann))).containsExactly("token");
        assertThat(fieldsOf(refused(Map.of("token", newToken()), ann))).containsExactly("platform");
        assertThat(fieldsOf(refused(Map.of("platform", "TELEGRAM", "token", newToken()), ann))).containsExactly("platform");
        assertThat(fieldsOf(refused(Map.of("platform", "WEB_PUSH"), ann)))
                .containsExactly("subscription.endpoint", "subscription.keys.p256dh", "subscription.keys.auth");
        assertThat(fieldsOf(refused(webPush(withKeys(subscription, subscription.p256dh().substring(4), subscription.authSecret())), ann)))
                .containsExactly("subscription.keys.p256dh");
        assertThat(fieldsOf(refused(webPush(withKeys(subscription, Base64.getUrlEncoder().withoutPadding().encodeToString(offCurve),
                subscription.authSecret())), ann))).containsExactly("subscription.keys.p256dh");
        assertThat(fieldsOf(refused(webPush(withKeys(subscription, subscription.p256dh(), "c2hvcnQ")), ann)))
                .containsExactly("subscription.keys.auth");
        assertThat(fieldsOf(refused(webPush(withKeys(subscription, subscription.p256dh(), "not base64url!")), ann)))
                .containsExactly("subscription.keys.auth");
        assertThat(api.get(DEVICES, ann).body().findValuesAsString("id")).isEmpty();
    }

    private Api.Response refused(Map<String, Object> body, String token) {
        Api.Response response = api.post(DEVICES, body, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("validation-failed");
        assertThat(response.text("detail")).as("the detail names every refused field")
                .contains(fieldsOf(response));
        return response;
    }

    private static Map<String, Object> withKeys(WebPushReceiver.Subscription subscription, String p256dh, String auth) {
        Map<String, Object> json = new LinkedHashMap<>(subscription.json());
        json.put("keys", Map.of("p256dh", p256dh, "auth", auth));
        return json;
    }

    @Test
    void endpointsThatWouldReachInsideTheNetworkAreRefused() {
        String ann = patientToken(uniqueEmail("ann"));
        WebPushReceiver.Subscription subscription = RECEIVER.subscribe(UUID.randomUUID().toString());
        List<String> unsafe = List.of(
                "http://push.example.com/push/1",
                "https://10.1.2.3/push/1",
                "https://169.254.169.254/latest/meta-data/",
                "https://[::1]/push/1",
                "https://[fd00::1]/push/1",
                "https://2130706433/push/1",
                "https://localhost/push/1",
                "https://localhost:" + RECEIVER.port() + "/push/1",
                "http://localhost:" + RECEIVER.port() + "/push/1",
                "https://push.example.com:8443/push/1",
                "https://user@push.example.com/push/1",
                "ftp://push.example.com/push/1",
                "not a url");
        for (String endpoint : unsafe) {
            Map<String, Object> json = new LinkedHashMap<>(subscription.json());
            json.put("endpoint", endpoint);

            Api.Response response = api.post(DEVICES, webPush(json), ann);

            assertThat(response.status()).as(endpoint + " -> " + response).isEqualTo(400);
            assertThat(response.problem()).as(endpoint).isEqualTo("unsafe-push-endpoint");
            assertThat(fieldsOf(response)).containsExactly("subscription.endpoint");
        }
        assertThat(api.get(DEVICES, ann).body().findValuesAsString("id")).isEmpty();
        assertThat(RECEIVER.to(subscription)).isEmpty();
    }

    @Test
    void theAllowListedLocalPushServiceIsAccepted() {
        String ann = patientToken(uniqueEmail("ann"));

        Api.Response created = api.post(DEVICES, webPush(RECEIVER.subscribe(UUID.randomUUID().toString()).json()), ann);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void browsersGetTheApplicationServerKeyToSubscribeWith() {
        Api.Response key = api.get(DEVICES + "/web-push-key", patientToken(uniqueEmail("ann")));

        assertThat(key.status()).as(key.toString()).isEqualTo(200);
        byte[] point = Base64.getUrlDecoder().decode(key.text("publicKey"));
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
    }

    @Test
    void aUserKeepsTheTenDevicesRegisteredMostRecently() {
        String ann = patientToken(uniqueEmail("ann"));
        String firstToken = newToken();
        String first = api.post(DEVICES, fcm(firstToken), ann).text("id");
        clock.advance(java.time.Duration.ofSeconds(1));
        String second = api.post(DEVICES, fcm(newToken()), ann).text("id");
        for (int i = 0; i < 8; i++) {
            clock.advance(java.time.Duration.ofSeconds(1));
            assertThat(api.post(DEVICES, fcm(newToken()), ann).status()).isEqualTo(201);
        }
        clock.advance(java.time.Duration.ofSeconds(1));
        // the app on the first phone started again and registered its token anew
        assertThat(api.post(DEVICES, fcm(firstToken), ann).status()).isEqualTo(200);
        clock.advance(java.time.Duration.ofSeconds(1));

        String eleventh = api.post(DEVICES, fcm(newToken()), ann).text("id");

        List<String> mine = api.get(DEVICES, ann).body().findValuesAsString("id");
        assertThat(mine).hasSize(10).contains(first, eleventh).doesNotContain(second);
    }

    @Test
    void devicesNeedASignedInCaller() {
        assertThat(api.post(DEVICES, fcm(newToken()), null).status()).isEqualTo(401);
        assertThat(api.get(DEVICES, null).status()).isEqualTo(401);
        assertThat(api.get(DEVICES + "/web-push-key", null).status()).isEqualTo(401);
        assertThat(api.delete(DEVICES + "/" + UUID.randomUUID(), null).status()).isEqualTo(401);
    }
}
