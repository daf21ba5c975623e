package org.medbook.notifications.infrastructure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.medbook.notifications.application.Device;
import org.medbook.notifications.application.PushGateway;
import org.medbook.notifications.application.PushProperties;
import org.medbook.shared.http.HttpAnswer;
import org.medbook.shared.http.ProviderHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Firebase Cloud Messaging, HTTP v1 API: {@code POST /v1/projects/{project}/messages:send} with a
 * notification (title, body) and string data, authorised by a service-account access token.
 * UNREGISTERED (404), a token FCM calls invalid and SENDER_ID_MISMATCH mean the device is gone.
 */
@Component
class FcmGateway implements PushGateway {

    private static final Logger log = LoggerFactory.getLogger(FcmGateway.class);

    private final FcmAccessTokens tokens;
    private final URI sendUri;
    private final RestClient http;
    private final JsonMapper json;

    FcmGateway(PushProperties properties, JsonMapper json, Clock clock, ProviderHttpClients clients) {
        this.json = json;
        PushProperties.Fcm fcm = properties.fcm();
        this.http = clients.builder(fcm.timeouts()).build();
        if (!fcm.configured()) {
            this.tokens = null;
            this.sendUri = null;
            return;
        }
        FcmServiceAccount account = FcmServiceAccount.read(Path.of(fcm.credentials().strip()), json);
        String project = fcm.projectId() == null || fcm.projectId().isBlank() ? account.projectId() : fcm.projectId().strip();
        if (project == null || !project.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalStateException("Set MEDBOOK_FCM_PROJECT_ID to the Firebase project id (lowercase letters, "
                    + "digits and hyphens); the service account file names none");
        }
        String base = fcm.baseUrl().endsWith("/") ? fcm.baseUrl().substring(0, fcm.baseUrl().length() - 1) : fcm.baseUrl();
        this.sendUri = URI.create(base + "/v1/projects/" + project + "/messages:send");
        this.tokens = new FcmAccessTokens(account, http, json, clock);
        log.info("FCM push enabled for project {} as {}", project, account.clientEmail());
    }

    @Override
    public Device.Platform platform() {
        return Device.Platform.FCM;
    }

    @Override
    public Optional<String> unavailable() {
        return tokens == null ? Optional.of("FCM is not configured on this server (MEDBOOK_FCM_CREDENTIALS)") : Optional.empty();
    }

    @Override
    public Outcome send(Device device, PushMessage message) {
        if (tokens == null) {
            return new Outcome.Failed("FCM is not configured on this server");
        }
        String accessToken;
        try {
            accessToken = tokens.token();
        } catch (FcmAccessTokens.SignInFailed failed) {
            String reason = "FCM sign-in failed: " + failed.getMessage();
            return failed.passing() ? new Outcome.Retry(reason) : new Outcome.Failed(reason);
        }
        Map<String, Object> body = Map.of("message", Map.of(
                "token", device.address(),
                "notification", Map.of("title", message.title(), "body", message.body()),
                "data", message.data()));
        HttpAnswer response;
        try {
            response = http.post().uri(sendUri)
                    .header("Authorization", "Bearer " + accessToken)
                    .contentType(new MediaType(MediaType.APPLICATION_JSON, java.nio.charset.StandardCharsets.UTF_8))
                    .body(json.writeValueAsBytes(body))
                    .exchange((request, answer) -> HttpAnswer.of(answer));
        } catch (RestClientException e) {
            // a timeout, a refused or reset connection: all worth another try
            return new Outcome.Retry("FCM unreachable: " + HttpAnswer.causeOf(e));
        }
        return outcome(response, accessToken);
    }

    private Outcome outcome(HttpAnswer response, String accessToken) {
        int status = response.status();
        if (status == 200) {
            return new Outcome.Served();
        }
        JsonNode error = parse(response.body()).path("error");
        String state = error.path("status").asString("");
        String code = "";
        boolean tokenRejected = false;
        for (JsonNode detail : error.path("details")) {
            if (detail.path("errorCode").isString()) {
                code = detail.path("errorCode").asString();
            }
            for (JsonNode violation : detail.path("fieldViolations")) {
                tokenRejected |= "message.token".equals(violation.path("field").asString(""));
            }
        }
        String reason = "FCM answered " + status + (code.isEmpty() ? state.isEmpty() ? "" : " " + state : " " + code);
        if (status == 404 || code.equals("UNREGISTERED") || code.equals("SENDER_ID_MISMATCH")
                || (code.equals("INVALID_ARGUMENT") || state.equals("INVALID_ARGUMENT"))
                && (tokenRejected || error.path("message").asString("").contains("registration token"))) {
            return new Outcome.Gone(reason);
        }
        if (status == 401) {
            tokens.discard(accessToken);
            return new Outcome.Retry(reason);
        }
        if (status == 429 || status >= 500) {
            return new Outcome.Retry(reason);
        }
        String detail = error.path("message").asString("");
        return new Outcome.Failed(detail.isEmpty() ? reason : reason + ": " + detail);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException notJson) {
            return json.createObjectNode();
        }
    }
}
