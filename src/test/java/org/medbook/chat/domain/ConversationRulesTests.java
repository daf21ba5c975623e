package org.medbook.chat.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.shared.MedbookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationRulesTests {

    private final UUID patient = UUID.randomUUID();
    private final UUID doctor = UUID.randomUUID();
    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");

    private ChatMessage post(Conversation c, UUID sender, String id) {
        return c.post(sender, new ClientMessageId(id), new MessageBody("hi"), List.of(), now);
    }

    @Test
    void messagesTakeTheNextSeq() {
        Conversation c = Conversation.open(patient, doctor);
        assertThat(post(c, patient, "a").seq()).isEqualTo(1);
        assertThat(post(c, doctor, "b").seq()).isEqualTo(2);
        assertThat(c.lastSeq()).isEqualTo(2);
    }

    @Test
    void strangersSeeNothing() {
        Conversation c = Conversation.open(patient, doctor);
        assertThatThrownBy(() -> post(c, UUID.randomUUID(), "x")).isInstanceOf(MedbookException.class)
                .extracting(e -> ((MedbookException) e).slug()).isEqualTo("not-found");
        assertThat(c.lastSeq()).isZero();
    }

    @Test
    void onlyTheDoctorClosesAndAClosedConversationTakesNoMessage() {
        Conversation c = Conversation.open(patient, doctor);
        assertThatThrownBy(() -> c.close(patient)).extracting(e -> ((MedbookException) e).slug()).isEqualTo("doctor-only");
        c.close(doctor);
        assertThatThrownBy(() -> post(c, doctor, "x")).extracting(e -> ((MedbookException) e).slug())
                .isEqualTo("conversation-closed");
        c.reopen(doctor);
        assertThat(post(c, doctor, "y").seq()).isEqualTo(1);
    }

    @Test
    void receiptsNeverMoveBackAndReadingImpliesDelivery() {
        Conversation c = Conversation.open(patient, doctor);
        post(c, patient, "a");
        post(c, patient, "b");
        post(c, patient, "c");

        assertThat(c.acknowledge(doctor, ReceiptKind.READ, 2)).hasValueSatisfying(r -> {
            assertThat(r.upToSeq()).isEqualTo(2);
            assertThat(r.otherParticipant()).isEqualTo(patient);
        });
        assertThat(c.doctorDeliveredSeq()).isEqualTo(2);
        assertThat(c.acknowledge(doctor, ReceiptKind.READ, 1)).isEmpty();
        assertThat(c.acknowledge(doctor, ReceiptKind.DELIVERED, 2)).isEmpty();
        assertThat(c.acknowledge(doctor, ReceiptKind.DELIVERED, 3)).isPresent();
        assertThat(c.doctorReadSeq()).isEqualTo(2);
        assertThatThrownBy(() -> c.acknowledge(doctor, ReceiptKind.READ, 4))
                .extracting(e -> ((MedbookException) e).slug()).isEqualTo("seq-out-of-range");
    }

    @Test
    void bodiesHaveOneTo4000CharactersAndClientIdsAPlainShape() {
        assertThat(new MessageBody("😀".repeat(4000)).text()).hasSize(8000);
        assertThatThrownBy(() -> new MessageBody("x".repeat(4001))).isInstanceOf(MedbookException.class);
        assertThatThrownBy(() -> new MessageBody(" \n ")).isInstanceOf(MedbookException.class);
        assertThatThrownBy(() -> new ClientMessageId("a b")).isInstanceOf(MedbookException.class);
        assertThat(new ClientMessageId(UUID.randomUUID().toString()).value()).hasSize(36);
    }

    @Test
    void nobodyChatsWithThemselves() {
        assertThatThrownBy(() -> Conversation.open(patient, patient)).isInstanceOf(MedbookException.class);
    }
    @Test
    void onlyTheDoctorReopens() {
        Conversation c = Conversation.open(patient, doctor);
        c.close(doctor);
        assertThatThrownBy(() -> c.reopen(patient)).extracting(e -> ((MedbookException) e).slug()).isEqualTo("doctor-only");
        assertThat(c.status()).isEqualTo(ConversationStatus.CLOSED);
        c.reopen(doctor);
        assertThat(c.status()).isEqualTo(ConversationStatus.OPEN);
    }

    @Test
    void aReceiptUpToNothingIsAcceptedAndMovesNothingWhileANegativeOneIsRefused() {
        Conversation c = Conversation.open(patient, doctor);
        post(c, doctor, "a");
        assertThat(c.acknowledge(patient, ReceiptKind.READ, 0)).isEmpty();
        assertThatThrownBy(() -> c.acknowledge(patient, ReceiptKind.READ, -1))
                .extracting(e -> ((MedbookException) e).slug()).isEqualTo("seq-out-of-range");
    }

    @Test
    void thePatientsMarksMoveSeparatelyFromTheDoctors() {
        Conversation c = Conversation.open(patient, doctor);
        post(c, doctor, "a");
        post(c, doctor, "b");
        post(c, doctor, "c");

        assertThat(c.acknowledge(patient, ReceiptKind.DELIVERED, 2)).hasValueSatisfying(r -> {
            assertThat(r.kind()).isEqualTo(ReceiptKind.DELIVERED);
            assertThat(r.readerId()).isEqualTo(patient);
            assertThat(r.otherParticipant()).isEqualTo(doctor);
        });
        assertThat(c.patientDeliveredSeq()).isEqualTo(2);
        assertThat(c.patientReadSeq()).isZero();
        assertThat(c.acknowledge(patient, ReceiptKind.READ, 1)).isPresent();
        assertThat(c.patientReadSeq()).isEqualTo(1);
        assertThat(c.patientDeliveredSeq()).isEqualTo(2);
        assertThat(c.acknowledge(patient, ReceiptKind.DELIVERED, 2)).isEmpty();
        assertThat(c.acknowledge(patient, ReceiptKind.READ, 3)).isPresent();
        assertThat(c.patientDeliveredSeq()).isEqualTo(3);
        assertThat(c.readSeqOf(patient)).isEqualTo(3);
        assertThat(c.doctorReadSeq()).isZero();
        assertThat(c.doctorDeliveredSeq()).isZero();
        assertThat(c.readSeqOf(doctor)).isZero();
    }

    @Test
    void theDoctorsDeliveryMarkIsItsOwn() {
        Conversation c = Conversation.open(patient, doctor);
        post(c, patient, "a");
        post(c, patient, "b");
        assertThat(c.acknowledge(doctor, ReceiptKind.DELIVERED, 1)).isPresent();
        assertThat(c.acknowledge(doctor, ReceiptKind.DELIVERED, 1)).isEmpty();
        assertThat(c.acknowledge(doctor, ReceiptKind.READ, 1)).isPresent();
        assertThat(c.readSeqOf(doctor)).isEqualTo(1);
        assertThat(c.patientDeliveredSeq()).isZero();
    }

    @Test
    void aConversationKnowsItsParticipants() {
        Conversation c = Conversation.open(patient, doctor);
        assertThat(c.id()).isNotNull();
        assertThat(c.patientId()).isEqualTo(patient);
        assertThat(c.doctorId()).isEqualTo(doctor);
        assertThat(c.status()).isEqualTo(ConversationStatus.OPEN);
        assertThat(c.otherThan(patient)).isEqualTo(doctor);
        assertThat(c.otherThan(doctor)).isEqualTo(patient);
        assertThat(c.participantRole(UUID.randomUUID())).isEmpty();
        assertThat(post(c, patient, "a").conversationId()).isEqualTo(c.id());
    }
}
