package org.medbook.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.awaitility.Awaitility;

/**
 * Where the tests' spans are exported: the most recent ones, in memory (a bounded number, so a whole
 * test run does not pile them up). The application's own OTLP exporter stays off in tests.
 */
public final class RecentSpans implements SpanExporter {

    private static final int KEPT = 5_000;

    private final Deque<SpanData> spans = new ArrayDeque<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
        for (SpanData span : batch) {
            if (spans.size() == KEPT) {
                spans.removeFirst();
            }
            spans.addLast(span);
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The finished spans of one trace, oldest first. */
    public synchronized List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /**
     * The spans of one request's trace once its server span has ended (so its statements have too):
     * waits up to 10 s for the exporter's batch.
     */
    public List<SpanData> ofRequest(String traceId) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ofTrace(traceId).stream().anyMatch(span -> span.getKind() == SpanKind.SERVER));
        return ofTrace(traceId);
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
