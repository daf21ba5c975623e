package org.medbook.chat.api;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.RecentSpans;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message's send as the database sees it, read from the request's own trace (one JDBC span per
 * connection checkout and per statement): the permit, the conversation, the sender's standing and
 * the message commit together, once; the live push then takes the cursor and looks behind it.
 */
class ChatWritePathTests extends ChatTestSupport {

    private static final AttributeKey<String> FIRST_STATEMENT = AttributeKey.stringKey("jdbc.query[0]");

    @Autowired
    private RecentSpans spans;

    @Test
    void aMessageIsStoredInOneTransactionWithItsPermitAndPushedAfterInAnother() {
        Pair pair = pair();
        sent(pair, pair.doctor(), "first");

        Api.Response sent;
        try (ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {
            // the doctor is online, as a doctor in a conversation mostly is: no digest is queued for them
            sent = sendRest(pair, pair.patient(), UUID.randomUUID().toString(), "second");
            assertThat(doctor.next(MESSAGES).path("body").asString()).isEqualTo("second");
        }

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        List<SpanData> trace = spans.ofRequest(sent.header("X-Trace-Id"));
        List<SpanData> checkouts = trace.stream().filter(span -> span.getName().equals("connection")).toList();
        List<SpanData> statements = trace.stream().filter(span -> span.getName().equals("query")).toList();
        String sql = statements.stream()
                .map(span -> span.getAttributes().get(FIRST_STATEMENT).strip().lines().findFirst().orElse(""))
                .collect(Collectors.joining("\n"));
        assertThat(statements).as(sql).hasSizeLessThanOrEqualTo(6);
        assertThat(checkouts).as(sql).hasSizeLessThanOrEqualTo(3);
        SpanData store = checkouts.getFirst();
        assertThat(store.getEvents()).extracting(EventData::getName).containsOnlyOnce("commit");
        String stored = statementsOf(store, statements);
        assertThat(stored).as("the permit and the message commit together")
                .contains("INSERT INTO rate_limits").contains("INSERT INTO chat_messages");
        assertThat(stored).as("the resend check rides on the conversation's lock")
                .containsOnlyOnce("FROM conversations c");
    }

    private static String statementsOf(SpanData checkout, List<SpanData> statements) {
        // a statement's span is not the child of its checkout's: they nest in time
        return statements.stream().filter(span -> span.getStartEpochNanos() >= checkout.getStartEpochNanos()
                        && span.getEndEpochNanos() <= checkout.getEndEpochNanos())
                .map(span -> span.getAttributes().get(FIRST_STATEMENT)).collect(Collectors.joining("\n"));
    }
}
