package org.medbook.chat.api;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationTests extends ChatTestSupport {

    @Test
    void aPatientOpensAConversationOnceAndGetsTheSameOneAfter() {
        Person patient = bookedPatient();
        Person doctor = doctorPerson();

        Api.Response first = api.post(CONVERSATIONS, Map.of("doctorId", doctor.id().toString()), patient.token());
        Api.Response again = api.post(CONVERSATIONS, Map.of("doctorId", doctor.id().toString()), patient.token());
        Api.Response byDoctor = api.post(CONVERSATIONS, Map.of("patientId", patient.id().toString()), doctor.token());

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Location")).endsWith("/api/v1/conversations/" + first.text("id"));
        assertThat(first.text("patientId")).isEqualTo(patient.id().toString());
        assertThat(first.text("doctorId")).isEqualTo(doctor.id().toString());
        assertThat(first.body().path("otherParty").path("id").asString()).isEqualTo(doctor.id().toString());
        assertThat(first.body().path("otherParty").path("name").asString()).isEqualTo("Dr. Anna Müller");
        assertThat(first.body().path("unreadCount").asLong()).isZero();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        assertThat(byDoctor.status()).isEqualTo(200);
        assertThat(byDoctor.text("id")).isEqualTo(first.text("id"));
        assertThat(byDoctor.body().path("otherParty").path("id").asString()).isEqualTo(patient.id().toString());
    }

    @Test
    void aDoctorOpensTheConversationFirst() {
        Person patient = bookedPatient();
        Person doctor = doctorPerson();

        Api.Response opened = api.post(CONVERSATIONS, Map.of("patientId", patient.id().toString()), doctor.token());

        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(api.post(CONVERSATIONS, Map.of("doctorId", doctor.id().toString()), patient.token()).text("id"))
                .isEqualTo(opened.text("id"));
    }

    @Test
    void withoutAConfirmedBookingThereIsNoConversation() {
        Person stranger = patient();
        Person doctor = doctorPerson();

        Api.Response refused = api.post(CONVERSATIONS, Map.of("doctorId", doctor.id().toString()), stranger.token());
        Api.Response byDoctor = api.post(CONVERSATIONS, Map.of("patientId", stranger.id().toString()), doctor.token());
        Api.Response missing = api.post(CONVERSATIONS, Map.of(), stranger.token());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        assertThat(refused.problem()).isEqualTo("no-shared-booking");
        assertThat(byDoctor.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(400);
    }

    @Test
    void anotherUserCanNeitherReadNorWriteNorFindIt() {
        Pair pair = pair();
        sent(pair, pair.patient(), "only for my doctor");
        Person other = patient();

        assertThat(api.get(CONVERSATIONS + "/" + pair.conversationId(), other.token()).status()).isEqualTo(404);
        assertThat(api.get(pair.messages(), other.token()).status()).isEqualTo(404);
        Api.Response write = sendRest(pair, other, "x-1", "let me in");
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.problem()).isEqualTo("not-found");
        assertThat(api.post(CONVERSATIONS + "/" + pair.conversationId() + "/read", Map.of("upToSeq", 1), other.token())
                .status()).isEqualTo(404);
        assertThat(api.get(CONVERSATIONS, other.token()).body().path("totalItems").asLong()).isZero();
        assertThat(api.get(CONVERSATIONS + "/" + UUID.randomUUID(), pair.patient().token()).status()).isEqualTo(404);
        assertThat(api.get(CONVERSATIONS, adminToken()).status()).isEqualTo(200);
        assertThat(api.post(CONVERSATIONS, Map.of("doctorId", pair.doctor().id().toString()), adminToken()).status())
                .isEqualTo(403);
    }

    @Test
    void myConversationsShowTheLastMessageAndWhatIHaveNotRead() {
        Pair earlier = pair();
        Pair pair = pair();
        sent(earlier, earlier.patient(), "hello first");
        sent(pair, pair.patient(), "first");
        sent(pair, pair.patient(), "second");

        Api.Response doctorsList = api.get(CONVERSATIONS + "?size=100", pair.doctor().token());
        java.util.List<String> order = doctorsList.body().path("items").valueStream().map(c -> c.path("id").asString())
                .toList();
        JsonNode mine = doctorsList.body().path("items").valueStream()
                .filter(c -> c.path("id").asString().equals(pair.conversationId().toString())).findFirst().orElseThrow();
        assertThat(order.indexOf(pair.conversationId().toString())).as("most recent activity first")
                .isLessThan(order.indexOf(earlier.conversationId().toString()));
        assertThat(mine.path("unreadCount").asLong()).isEqualTo(2);
        assertThat(mine.path("lastMessage").path("body").asString()).isEqualTo("second");
        assertThat(mine.path("lastMessage").path("seq").asLong()).isEqualTo(2);
        assertThat(mine.path("otherParty").path("id").asString()).isEqualTo(pair.patient().id().toString());

        JsonNode patientsView = api.get(CONVERSATIONS, pair.patient().token()).body().path("items").get(0);
        assertThat(patientsView.path("unreadCount").asLong()).as("own messages are not unread").isZero();
    }

    @Test
    void theDoctorClosesAndReopensTheConversation() {
        Pair pair = pair();
        String base = CONVERSATIONS + "/" + pair.conversationId();

        Api.Response byPatient = api.post(base + "/close", null, pair.patient().token());
        Api.Response closed;
        Api.Response refused;
        Api.Response refusedDoctor;
        Api.Response reopened;
        try (ChatStompClient patientSocket = connect(pair.patient()).subscribe(EVENTS);
             ChatStompClient doctorSocket = connect(pair.doctor()).subscribe(EVENTS)) {
            closed = api.post(base + "/close", null, pair.doctor().token());
            JsonNode closedSignal = patientSocket.next(EVENTS);
            assertThat(doctorSocket.next(EVENTS).path("type").asString())
                    .as("the doctor's other windows hear it too").isEqualTo("CLOSED");
            refused = sendRest(pair, pair.patient(), "after-close", "hello?");
            refusedDoctor = sendRest(pair, pair.doctor(), "after-close-d", "hello?");
            reopened = api.post(base + "/reopen", null, pair.doctor().token());
            JsonNode reopenedSignal = patientSocket.next(EVENTS);

            assertThat(closedSignal.path("type").asString()).as("an open chat window hears it turn read-only")
                    .isEqualTo("CLOSED");
            assertThat(closedSignal.path("conversationId").asString()).isEqualTo(pair.conversationId().toString());
            assertThat(reopenedSignal.path("type").asString()).isEqualTo("OPEN");
        }

        assertThat(byPatient.status()).isEqualTo(403);
        assertThat(byPatient.problem()).isEqualTo("doctor-only");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("CLOSED");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.problem()).isEqualTo("conversation-closed");
        assertThat(refusedDoctor.status()).isEqualTo(422);
        assertThat(reopened.text("status")).isEqualTo("OPEN");
        assertThat(sendRest(pair, pair.patient(), "after-reopen", "hello again").status()).isEqualTo(200);
        assertThat(api.post(base + "/close", null, patient().token()).status()).isEqualTo(404);
    }

    @Test
    void aConversationThatDoesNotExistIsNotFoundWhateverIsAskedOfIt() {
        Person doctor = doctorPerson();
        String unknown = CONVERSATIONS + "/" + UUID.randomUUID();

        assertThat(api.get(unknown + "/messages", doctor.token()).status()).isEqualTo(404);
        assertThat(api.get(unknown + "/attachments/" + UUID.randomUUID(), doctor.token()).status()).isEqualTo(404);
        assertThat(api.post(unknown + "/close", null, doctor.token()).status()).isEqualTo(404);
        assertThat(api.post(unknown + "/reopen", null, doctor.token()).status()).isEqualTo(404);
        Api.Response sent = api.post(unknown + "/messages", Map.of("clientMessageId", "lost", "body", "hello?"),
                doctor.token());
        assertThat(sent.status()).isEqualTo(404);
        assertThat(sent.problem()).isEqualTo("not-found");
    }

    @Test
    void aMessageBodyHasOneTo4000Characters() {
        Pair pair = pair();

        Api.Response empty = sendRest(pair, pair.patient(), "empty", "   ");
        Api.Response tooLong = sendRest(pair, pair.patient(), "long", "x".repeat(4001));
        Api.Response longest = sendRest(pair, pair.patient(), "longest", "x".repeat(4000));
        Api.Response badId = sendRest(pair, pair.patient(), "not ok!", "hi");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.problem()).isEqualTo("message-body-empty");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.problem()).isEqualTo("message-body-too-long");
        assertThat(longest.status()).isEqualTo(200);
        assertThat(badId.problem()).isEqualTo("invalid-client-message-id");
    }

    @Test
    void theBackOfficeSeesCountsButNeverABody() {
        Pair pair = pair();
        sent(pair, pair.patient(), "private words");
        sent(pair, pair.patient(), "more private words");
        String path = "/api/v1/admin/chat/users/" + pair.patient().id() + "/activity";

        Api.Response counts = api.get(path, adminToken());
        Api.Response withoutPermission = api.get(path, helperToken(java.util.List.of("bookings:manage")));
        Api.Response asPatient = api.get(path, pair.patient().token());

        assertThat(counts.status()).as(counts.toString()).isEqualTo(200);
        assertThat(counts.body().path("conversations").asLong()).isEqualTo(1);
        assertThat(counts.body().path("messagesSent").asLong()).isEqualTo(2);
        assertThat(counts.raw()).doesNotContain("private");
        assertThat(withoutPermission.status()).isEqualTo(403);
        assertThat(asPatient.status()).isEqualTo(403);
    }
}
