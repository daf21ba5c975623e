package org.medbook.notifications.infrastructure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.notifications.PushTestSupport;
import org.medbook.notifications.application.ChannelSender;
import org.medbook.notifications.application.ChannelSender.SendResult;
import org.medbook.support.FcmTestAccount;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** FCM HTTP v1 through its real protocol on the WireMock stand-in: OAuth sign-in, send, outcomes. */
class FcmPushTests extends PushTestSupport {

    static final String SEND = "/v1/projects/" + FcmTestAccount.PROJECT_ID + "/messages:send";
    static final String ACCESS_TOKEN = "ya29.medbook-test-access-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void fcmStandIn() {
        PROVIDERS.stubFor(post(urlEqualTo(FcmTestAccount.TOKEN_PATH))
                .willReturn(okJson("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
        PROVIDERS.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{\"name\":\"projects/medbook-test/messages/0:1\"}")));
    }

    private static void answerFor(String fcmToken, int status, String body) {
        PROVIDERS.stubFor(post(urlEqualTo(SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(fcmToken)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static java.util.List<LoggedRequest> sentTo(String fcmToken) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo(SEND))
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(fcmToken))));
    }

    private static String error(int code, String status, String errorCode, String message, String violatedField) {
        String violation = violatedField == null ? "" : ",{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\","
                + "\"fieldViolations\":[{\"field\":\"" + violatedField + "\",\"description\":\"" + message + "\"}]}";
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\""
                + errorCode + "\"}" + violation + "]}}";
    }

    @Test
    void signsInWithTheServiceAccountAndSendsTheNotificationWithItsData() throws Exception {
        // past any access token an earlier test left cached
        clock.advance(Duration.ofHours(6));
        User ann = newUser("ann");
        String fcmToken = newFcmToken();
        String device = registerFcm(ann, fcmToken);
        ChannelSender.Outgoing outgoing = confirmation(ann, Set.of());

        SendResult result = sendOne(outgoing);

        assertThat(result).isEqualTo(new SendResult.Sent(Set.of(device)));
        var signIns = PROVIDERS.findAll(postRequestedFor(urlEqualTo(FcmTestAccount.TOKEN_PATH)));
        assertThat(signIns).hasSize(1);
        Map<String, String> form = Arrays.stream(signIns.get(0).getBodyAsString().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo(FcmTestAccount.KEY_ID);
        assertThat(assertion.verify(new RSASSAVerifier(FcmTestAccount.publicKey()))).as("signed by the service account").isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(FcmTestAccount.CLIENT_EMAIL);
        assertThat(claims.getStringClaim("scope")).isEqualTo("https://www.googleapis.com/auth/firebase.messaging");
        assertThat(claims.getAudience()).containsExactly(PROVIDERS.baseUrl() + FcmTestAccount.TOKEN_PATH);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isPositive().isLessThanOrEqualTo(Duration.ofHours(1));

        var sent = sentTo(fcmToken);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
        JsonNode message = JSON.readTree(sent.get(0).getBodyAsString()).path("message");
        assertThat(message.path("token").asString()).isEqualTo(fcmToken);
        assertThat(message.path("notification").path("title").asString()).isEqualTo("Booking confirmed");
        assertThat(message.path("notification").path("body").asString()).isEqualTo(outgoing.body());
        JsonNode data = message.path("data");
        assertThat(data.path("kind").asString()).isEqualTo("BOOKING_CONFIRMED");
        assertThat(data.path("notificationId").asString()).isEqualTo(outgoing.notificationId().toString());
        assertThat(data.path("bookingId").asString()).isEqualTo(outgoing.data().get("bookingId"));
        assertThat(data.propertyNames()).containsExactlyInAnyOrder("kind", "notificationId", "bookingId");

        assertThat(sendOne(confirmation(ann, Set.of()))).isInstanceOf(SendResult.Sent.class);
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo(FcmTestAccount.TOKEN_PATH))))
                .as("the access token is reused until shortly before it expires").hasSize(1);
    }

    @Test
    void anUnregisteredTokenRemovesTheDeviceAndCountsAsDone() {
        User ann = newUser("ann");
        String kept = registerFcm(ann, newFcmToken());
        String goneToken = newFcmToken();
        String gone = registerFcm(ann, goneToken);
        answerFor(goneToken, 404, error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", null));

        SendResult result = sendOne(confirmation(ann, Set.of()));

        assertThat(result).isEqualTo(new SendResult.Sent(Set.of(kept, gone)));
        assertThat(devicesOf(ann)).containsExactly(kept);
    }

    @Test
    void aTokenFcmCallsInvalidIsRemovedToo() {
        User ann = newUser("ann");
        String badToken = newFcmToken();
        String bad = registerFcm(ann, badToken);
        answerFor(badToken, 400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                "The registration token is not a valid FCM registration token", "message.token"));

        assertThat(sendOne(confirmation(ann, Set.of()))).isEqualTo(new SendResult.Sent(Set.of(bad)));
        assertThat(devicesOf(ann)).isEmpty();
    }

    @Test
    void aMessageFcmRefusesForAnotherReasonFailsAndTheDeviceIsKept() {
        User ann = newUser("ann");
        String fcmToken = newFcmToken();
        String device = registerFcm(ann, fcmToken);
        answerFor(fcmToken, 400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                "Invalid value at 'message.data[0].value'", "message.data[0].value"));

        SendResult result = sendOne(confirmation(ann, Set.of()));

        assertThat(result).isInstanceOf(SendResult.Failed.class);
        assertThat(((SendResult.Failed) result).reason()).contains("INVALID_ARGUMENT");
        assertThat(devicesOf(ann)).containsExactly(device);
    }

    @Test
    void anUnavailableFcmIsRetriedWithoutSendingAgainToServedDevices() {
        User ann = newUser("ann");
        String servedToken = newFcmToken();
        String served = registerFcm(ann, servedToken);
        String busyToken = newFcmToken();
        String busy = registerFcm(ann, busyToken);
        answerFor(busyToken, 503, error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", null));

        SendResult first = sendOne(confirmation(ann, Set.of()));

        assertThat(first).isInstanceOf(SendResult.Retry.class);
        assertThat(((SendResult.Retry) first).targets()).containsExactly(served);
        assertThat(((SendResult.Retry) first).reason()).contains("503");

        PROVIDERS.removeStub(PROVIDERS.getStubMappings().stream()
                .filter(stub -> stub.getPriority() != null && stub.getPriority() == 1).findFirst().orElseThrow());
        SendResult second = sendOne(confirmation(ann, ((SendResult.Retry) first).targets()));

        assertThat(second).isEqualTo(new SendResult.Sent(Set.of(served, busy)));
        assertThat(sentTo(servedToken)).hasSize(1);
        assertThat(sentTo(busyToken)).hasSize(2);
        assertThat(devicesOf(ann)).containsExactlyInAnyOrder(served, busy);
    }

    @Test
    void tooManyRequestsIsRetriedLater() {
        User ann = newUser("ann");
        String fcmToken = newFcmToken();
        registerFcm(ann, fcmToken);
        answerFor(fcmToken, 429, error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.", null));

        SendResult result = sendOne(confirmation(ann, Set.of()));

        assertThat(result).isInstanceOf(SendResult.Retry.class);
        assertThat(((SendResult.Retry) result).targets()).isEmpty();
    }

    @Test
    void aUserWithoutDevicesIsSkipped() {
        assertThat(sendOne(confirmation(newUser("ann"), Set.of()))).isInstanceOf(SendResult.Skipped.class);
    }
}
