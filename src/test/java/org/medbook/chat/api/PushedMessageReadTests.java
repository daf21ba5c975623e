package org.medbook.chat.api;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.medbook.audit.PatientDataAccess;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A patient's message that reaches a doctor's socket live is recorded as the doctor reading the
 * patient's conversation, with the address the doctor's socket came from; what the doctor does not
 * receive (no socket open), their own messages and what reaches the patient are not.
 */
class PushedMessageReadTests extends ChatTestSupport {

    private static final String READS = "/api/v1/admin/audit?action=patient-data.read";

    @Autowired
    private PatientDataAccess access;

    @Test
    void aPatientsMessagePushedToTheDoctorsSocketIsRecordedAsTheDoctorReadingTheirConversation() {
        Pair pair = pair();
        String admin = adminToken();
        String ofPair = READS + "&patientId=" + pair.patient().id() + "&actorId=" + pair.doctor().id();
        String ofPatient = READS + "&patientId=" + pair.patient().id();

        sent(pair, pair.patient(), "Sent while the doctor has no socket open");
        access.flush();
        assertThat(total(ofPatient, admin)).as("nothing reached the doctor").isZero();

        String doctorIp = newClientIp();
        try (ChatStompClient doctor = ChatStompClient.connectFrom(port, pair.doctor().token(), doctorIp).subscribe(MESSAGES);
             ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES)) {
            patient.sendForReceipt(pair.app("messages"), message("live-1", "Is the swelling normal?"));
            assertThat(doctor.next(MESSAGES).path("body").asString()).isEqualTo("Is the swelling normal?");
            patient.next(MESSAGES);
            access.flush();

            JsonNode page = api.get(ofPair, admin).body();
            assertThat(page.path("totalItems").asLong()).isEqualTo(1);
            JsonNode record = page.path("items").get(0);
            assertThat(record.path("target").asString()).isEqualTo("patient:" + pair.patient().id());
            assertThat(record.path("details").path("kind").asString()).isEqualTo("CONVERSATION");
            assertThat(record.path("details").path("role").asString()).isEqualTo("DOCTOR");
            assertThat(record.path("ip").asString()).isEqualTo(doctorIp);

            // the doctor's own message comes back to the doctor and goes to the patient: neither is a read
            doctor.sendForReceipt(pair.app("messages"), message("live-2", "Yes, for a few days"));
            assertThat(patient.next(MESSAGES).path("clientMessageId").asString()).isEqualTo("live-2");
            assertThat(doctor.next(MESSAGES).path("clientMessageId").asString()).isEqualTo("live-2");
            access.flush();
            assertThat(total(ofPatient, admin)).isEqualTo(1);

            sent(pair, pair.patient(), "Thank you");
            assertThat(doctor.next(MESSAGES).path("body").asString()).isEqualTo("Thank you");
            access.flush();
            assertThat(total(ofPair, admin)).as("one record per message received").isEqualTo(2);
        }
    }

    @Test
    void aDoctorsSocketThatClosedRecordsNothingMore() {
        Pair pair = pair();
        String admin = adminToken();
        String ofPatient = READS + "&patientId=" + pair.patient().id();
        try (ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {
            sent(pair, pair.patient(), "First");
            doctor.next(MESSAGES);
        }
        access.flush();
        assertThat(total(ofPatient, admin)).isEqualTo(1);

        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES)) {
            sent(pair, pair.patient(), "Second, after the doctor left");
            assertThat(patient.poll(MESSAGES, Duration.ofSeconds(5))).isNotNull();
        }
        access.flush();
        assertThat(total(ofPatient, admin)).isEqualTo(1);
    }

    @Test
    void theDoctorReadingTheHistoryAndStaffReadingAPatientsChatActivityAreRecorded() {
        Pair pair = pair();
        String admin = adminToken();
        String ofPatient = READS + "&patientId=" + pair.patient().id();
        sent(pair, pair.patient(), "Before my visit");
        access.flush();
        long before = total(ofPatient, admin);

        assertThat(history(pair, pair.doctor(), "")).hasSize(1);
        access.flush();
        assertThat(total(ofPatient + "&actorId=" + pair.doctor().id(), admin)).as("the doctor read the history")
                .isEqualTo(before + 1);

        assertThat(api.get("/api/v1/admin/chat/users/" + pair.patient().id() + "/activity", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/admin/chat/users/" + pair.doctor().id() + "/activity", admin).status()).isEqualTo(200);
        access.flush();
        assertThat(total(ofPatient, admin)).as("staff read the patient's chat activity").isEqualTo(before + 2);
        assertThat(total(READS + "&patientId=" + pair.doctor().id(), admin))
                .as("a doctor's activity is not a patient's data").isZero();
    }

    private long total(String query, String token) {
        var response = api.get(query, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body().path("totalItems").asLong();
    }
}
