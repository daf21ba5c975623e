package org.medbook.chat.application;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.chat.domain.ChatRole;
import org.medbook.shared.MedbookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Either side opens a conversation naming the other; each is told which id it left out. */
class OpenConversationCommandTests {

    private final UUID me = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @Test
    void thePatientNamesTheDoctorAndTheDoctorThePatient() {
        OpenConversationCommand byPatient = new OpenConversationCommand(me, ChatRole.PATIENT, other);
        OpenConversationCommand byDoctor = new OpenConversationCommand(me, ChatRole.DOCTOR, other);

        assertThat(byPatient.patientId()).isEqualTo(me);
        assertThat(byPatient.doctorId()).isEqualTo(other);
        assertThat(byDoctor.patientId()).isEqualTo(other);
        assertThat(byDoctor.doctorId()).isEqualTo(me);
    }

    @Test
    void eachSideIsToldWhichIdIsMissing() {
        assertThatThrownBy(() -> new OpenConversationCommand(me, ChatRole.PATIENT, null))
                .isInstanceOf(MedbookException.class).hasMessage("doctorId is required");
        assertThatThrownBy(() -> new OpenConversationCommand(me, ChatRole.DOCTOR, null))
                .isInstanceOf(MedbookException.class).hasMessage("patientId is required");
    }
}
