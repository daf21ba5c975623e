package org.medbook.booking.application;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.RecentSpans;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of a cash booking's request as the database sees it, read from the request's own trace
 * (one JDBC span per connection checkout and per statement): one checkout, one commit, at most ten
 * statements, the answer built without reading the booking back, and nothing written for the reports.
 */
class BookingWritePathTests extends IntegrationTest {

    private static final AttributeKey<String> FIRST_STATEMENT = AttributeKey.stringKey("jdbc.query[0]");

    @Autowired
    private RecentSpans spans;

    @Test
    void aCashBookingIsOneCheckoutOneCommitAndAtMostTenStatements() {
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        String ann = patientToken(uniqueEmail("ann"));
        Api.Response first = book(ann, doctor.id(), slots.get(1), "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        Api.Response booked = book(ann, doctor.id(), slots.get(2), "IN_PERSON", "CASH", UUID.randomUUID().toString());

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(booked.header("Location")).isEqualTo("/api/v1/bookings/" + booked.text("id"));
        List<SpanData> trace = spans.ofRequest(booked.header("X-Trace-Id"));
        List<SpanData> statements = trace.stream().filter(span -> span.getName().equals("query")).toList();
        List<SpanData> checkouts = trace.stream().filter(span -> span.getName().equals("connection")).toList();
        String sql = statements.stream().map(span -> span.getAttributes().get(FIRST_STATEMENT).lines().findFirst().orElse(""))
                .collect(Collectors.joining("\n"));
        assertThat(checkouts).as(sql).hasSize(1);
        assertThat(checkouts.getFirst().getEvents()).extracting(EventData::getName).containsOnlyOnce("commit");
        assertThat(statements).as(sql).hasSizeLessThanOrEqualTo(10);
        assertThat(sql).as("the answer is built from what was written").doesNotContain("SELECT * FROM appointments")
                .doesNotContain("SELECT * FROM payments");
        assertThat(sql).as("the reports read the booking change feed; the booking writes nothing for them")
                .doesNotContain("report_");
    }

    @Test
    void aRefusedBookingLeavesNothingButItsStoredRefusal() {
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(3);
        String ann = patientToken(uniqueEmail("ann"));
        String bob = patientToken(uniqueEmail("bob"));
        assertThat(book(ann, doctor.id(), slot, "IN_PERSON", "CASH", UUID.randomUUID().toString()).status()).isEqualTo(201);
        String key = UUID.randomUUID().toString();

        Api.Response taken = book(bob, doctor.id(), slot, "IN_PERSON", "CASH", key);
        Api.Response again = book(bob, doctor.id(), slot, "IN_PERSON", "CASH", key);

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.problem()).isEqualTo("slot-unavailable");
        assertThat(again.status()).as("the stored refusal is replayed").isEqualTo(409);
        assertThat(again.problem()).isEqualTo("slot-unavailable");
        assertThat(api.get("/api/v1/bookings?when=upcoming&status=CONFIRMED", bob).body().path("items").size())
                .as("no booking of bob's was kept").isZero();
    }
}
