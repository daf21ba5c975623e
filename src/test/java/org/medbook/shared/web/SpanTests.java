package org.medbook.shared.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.RecentSpans;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One request, one trace: the HTTP server span, the JDBC spans under it and the provider call it makes. */
class SpanTests extends IntegrationTest {

    @Autowired
    private RecentSpans spans;

    @Test
    void aCodeSentBySmsIsTracedThroughTheDatabaseAndTheProviderCall() {
        String phone = "+1415555" + (1000 + ThreadLocalRandom.current().nextInt(9000));
        // the first provider call of a cold JVM may outlast the tests' 2-second provider timeout
        api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", "+1415555" + (1000 + ThreadLocalRandom.current().nextInt(9000))));
        Api.Response sent = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        PROVIDERS.verify(postRequestedFor(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json")));
        String traceId = sent.header("X-Trace-Id");
        await().atMost(Duration.ofSeconds(10)).until(() -> serverSpan(spans.ofTrace(traceId)) != null);

        List<SpanData> trace = spans.ofTrace(traceId);
        SpanData server = serverSpan(trace);
        String names = trace.stream().map(span -> span.getKind() + " " + span.getName()).collect(Collectors.joining(", "));
        assertThat(server.getName()).as(names).containsIgnoringCase("post");
        assertThat(trace).as(names).anySatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getAttributes().asMap().toString()).contains("Messages.json");
        });
        assertThat(trace).as(names).anySatisfy(span -> assertThat(span.getName()).isEqualTo("query"));
        assertThat(trace).as("every span descends from the request's").allSatisfy(span ->
                assertThat(span.getTraceId()).isEqualTo(traceId));
    }

    private static SpanData serverSpan(List<SpanData> trace) {
        return trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElse(null);
    }
}
