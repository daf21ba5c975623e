package org.medbook.chat.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.medbook.notifications.api.NotificationTestSupport;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A patient and a doctor who share a confirmed (cash) booking, and their conversation. One doctor
 * serves a whole test class; every test gets its own patient and slot.
 */
abstract class ChatTestSupport extends NotificationTestSupport {

    static final String CONVERSATIONS = "/api/v1/conversations";
    static final String MESSAGES = "/user/queue/messages";
    static final String EVENTS = "/user/queue/chat-events";
    static final String ERRORS = "/user/queue/errors";

    private static NewDoctor sharedDoctor;
    private static final AtomicInteger SLOT = new AtomicInteger();

    /** Someone signed in: their user id and access token. */
    record Person(UUID id, String token, String email) {
    }

    /** A patient and a doctor with a conversation between them. */
    record Pair(Person patient, Person doctor, UUID conversationId) {

        String messages() {
            return CONVERSATIONS + "/" + conversationId + "/messages";
        }

        String app(String what) {
            return "/app/conversations/" + conversationId + "/" + what;
        }
    }

    synchronized NewDoctor doctor() {
        if (sharedDoctor == null) {
            sharedDoctor = bookableDoctor();
        }
        return sharedDoctor;
    }

    Person doctorPerson() {
        NewDoctor doctor = doctor();
        return new Person(UUID.fromString(doctor.id()), staffLogin(doctor.email(), doctor.temporaryPassword()),
                doctor.email());
    }

    Person patient() {
        Patient patient = newPatient("chat");
        return new Person(UUID.fromString(patient.id()), patient.token, patient.email);
    }

    /** A patient with a confirmed cash booking with the class's doctor. */
    Person bookedPatient() {
        Patient patient = newPatient("chat");
        List<String> slots = freeSlots(doctor().id(), "IN_PERSON", 30);
        Api.Response booked = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            String slot = slots.get((SLOT.getAndIncrement() * 7 + attempt) % slots.size());
            booked = book(patient, doctor().id(), slot, "IN_PERSON", "CASH");
            if (booked.status() == 201) {
                break;
            }
        }
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return new Person(UUID.fromString(patient.id()), patient.token, patient.email);
    }

    Pair pair() {
        Person patient = bookedPatient();
        Person doctor = doctorPerson();
        Api.Response opened = api.post(CONVERSATIONS, Map.of("doctorId", doctor.id().toString()), patient.token());
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return new Pair(patient, doctor, UUID.fromString(opened.text("id")));
    }

    Api.Response sendRest(Pair pair, Person sender, String clientMessageId, String body) {
        return api.post(pair.messages(), Map.of("clientMessageId", clientMessageId, "body", body), sender.token());
    }

    JsonNode sent(Pair pair, Person sender, String body) {
        Api.Response response = sendRest(pair, sender, UUID.randomUUID().toString(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    List<JsonNode> history(Pair pair, Person reader, String query) {
        Api.Response page = api.get(pair.messages() + query, reader.token());
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.body().path("items").valueStream().toList();
    }

    ChatStompClient connect(Person person) {
        return ChatStompClient.connect(port, person.token());
    }

    static Map<String, Object> message(String clientMessageId, String body) {
        return Map.of("clientMessageId", clientMessageId, "body", body);
    }
}
