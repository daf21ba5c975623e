package org.medbook.audit.application;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log in a person's export: what they did, what was done to their account and who read their
 * data, each record once, oldest first, however many pages of the trail that takes; nobody else's.
 */
class AuditPersonalDataTests extends IntegrationTest {

    /** Far from the instants other tests record at. */
    private static final Instant BEGIN = Instant.parse("2039-01-01T00:00:00Z");

    @Autowired
    List<PersonalData> parts;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theAccessLogHoldsEveryRecordByOrAboutThePersonOnceAndInOrder() {
        PersonalData accessLog = parts.stream().filter(part -> part.part().equals("access-log")).findFirst().orElseThrow();
        UUID person = UUID.randomUUID();
        UUID someoneElse = UUID.randomUUID();
        UUID doctor = UUID.randomUUID();
        List<UUID> expected = new ArrayList<>();
        // 130 things the person did to something other than their account: more than one page of the trail
        for (int i = 0; i < 130; i++) {
            expected.add(record(BEGIN.plusSeconds(3L * i), person, "booking.cancelled", "booking:" + UUID.randomUUID(), null));
        }
        // 101 records about the account by staff, written at the same instants as the person's own
        for (int i = 0; i < 101; i++) {
            expected.add(record(BEGIN.plusSeconds(3L * i), someoneElse, "account.suspended", "user:" + person, null));
        }
        // 100 reads of the person's data by their doctor: exactly one page
        for (int i = 0; i < 100; i++) {
            expected.add(record(BEGIN.plusSeconds(3L * i + 1), doctor, "patient-data.read", "patient:" + person, person));
        }
        // nobody else's records
        record(BEGIN.plusSeconds(2), someoneElse, "profile.updated", "user:" + someoneElse, null);
        record(BEGIN.plusSeconds(2), doctor, "patient-data.read", "patient:" + someoneElse, someoneElse);

        PersonalDataPart part = accessLog.export(person);

        assertThat(part.files()).isEmpty();
        List<AuditEntryView> entries = part.records().stream().map(AuditEntryView.class::cast).toList();
        assertThat(entries).extracting(AuditEntryView::eventId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(entries).isSortedAccordingTo(java.util.Comparator.comparing(AuditEntryView::occurredAt)
                .thenComparing(AuditEntryView::id));
        assertThat(entries).filteredOn(entry -> entry.action().equals("patient-data.read"))
                .allSatisfy(entry -> assertThat(entry.patientId()).isEqualTo(person)).hasSize(100);
    }

    @Test
    void aRecordThatIsBothByAndAboutThePersonAppearsOnce() {
        PersonalData accessLog = parts.stream().filter(part -> part.part().equals("access-log")).findFirst().orElseThrow();
        UUID person = UUID.randomUUID();
        UUID both = record(BEGIN.plusSeconds(5000), person, "patient-data.read", "user:" + person, person);

        assertThat(accessLog.export(person).records()).extracting(entry -> ((AuditEntryView) entry).eventId())
                .containsExactly(both);
        assertThat(accessLog.export(UUID.randomUUID()).records()).isEmpty();
    }

    private UUID record(Instant at, UUID actor, String action, String target, UUID patient) {
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO audit_events (event_id, occurred_at, actor_id, action, target, ip, details, patient_id)
                VALUES (:event, :at, :actor, :action, :target, '127.0.0.1', CAST('{}' AS jsonb), :patient)""")
                .param("event", eventId).param("at", at.atOffset(ZoneOffset.UTC)).param("actor", actor)
                .param("action", action).param("target", target).param("patient", patient).update();
        return eventId;
    }
}
