package org.medbook.shared.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request runs in a trace (W3C Trace Context): its id is in the problem a client gets back, in
 * the {@code X-Trace-Id} header and in every log line written while the request is served, so a
 * support question, a log search and a trace in the collector meet on one id.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceIdTests extends IntegrationTest {

    /** 32 lower-case hex digits, not all zero (W3C Trace Context, trace-id). */
    private static final Pattern TRACE_ID = Pattern.compile("(?!0{32})[0-9a-f]{32}");

    @Test
    void aProblemCarriesTheTraceIdOfItsRequest() {
        Api.Response first = api.get("/api/v1/me", null);
        Api.Response second = api.get("/api/v1/me", null);

        assertThat(first.status()).isEqualTo(401);
        assertThat(first.text("traceId")).matches(TRACE_ID).isEqualTo(first.header("X-Trace-Id"));
        assertThat(first.text("requestId")).isNotBlank();
        assertThat(second.text("traceId")).matches(TRACE_ID).isNotEqualTo(first.text("traceId"));
    }

    @Test
    void problemsFromControllersAndFromFiltersBeforeThemCarryATraceId() {
        Api.Response unknownDoctor = api.get("/api/v1/doctors/" + java.util.UUID.randomUUID(), null);
        Api.Response tooLarge = api.post("/api/v1/auth/otp", "{\"x\":\"" + "a".repeat(70_000) + "\"}");

        assertThat(unknownDoctor.status()).isEqualTo(404);
        assertThat(unknownDoctor.text("traceId")).matches(TRACE_ID);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.text("traceId")).matches(TRACE_ID);
    }

    @Test
    void aTraceStartedByTheCallerIsContinued() {
        String traceId = hex(32);
        Api.Response response = api.send("GET", "/api/v1/me", null, null,
                Map.of("traceparent", "00-" + traceId + "-" + hex(16) + "-01"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.text("traceId")).isEqualTo(traceId);
        assertThat(response.header("X-Trace-Id")).isEqualTo(traceId);
    }

    @Test
    void aLogLineWrittenDuringARequestCarriesItsTraceId(CapturedOutput output) {
        Api.Response refused = api.post("/api/v1/auth/google", Map.of("idToken", "not-a-google-token"));
        clock.advance(Duration.ofSeconds(1));

        assertThat(refused.status()).isEqualTo(401);
        String traceId = refused.header("X-Trace-Id");
        assertThat(traceId).matches(TRACE_ID);
        List<String> lines = Arrays.stream(output.getAll().split("\\R"))
                .filter(line -> line.contains("Rejected a Google ID token")).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(traceId));
    }

    private static String hex(int digits) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < digits) {
            hex.append(Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 16)));
        }
        return hex.toString();
    }
}
