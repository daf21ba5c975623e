package org.medbook.payments.application;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerDisputeCommandTests {

    private static final byte[] CONTENT = {1, 2, 3};

    @Test
    void anEvidenceFileNameLongerThanAHundredCharactersKeepsItsLastHundredWithTheExtension() {
        String name = "a".repeat(20) + "b".repeat(96) + ".pdf";

        AnswerDisputeCommand.EvidenceFile file = new AnswerDisputeCommand.EvidenceFile(name, CONTENT);

        assertThat(file.name()).hasSize(100).isEqualTo("b".repeat(96) + ".pdf");
    }

    @Test
    void anEvidenceFileNameOfAHundredCharactersIsKeptWhole() {
        String name = "c".repeat(96) + ".txt";

        assertThat(new AnswerDisputeCommand.EvidenceFile(name, CONTENT).name()).isEqualTo(name);
    }

    @Test
    void anEvidenceFileNameIsCleanedAndAMissingOneIsNamedEvidence() {
        assertThat(new AnswerDisputeCommand.EvidenceFile("visit log (1).txt", CONTENT).name()).isEqualTo("visit_log__1_.txt");
        assertThat(new AnswerDisputeCommand.EvidenceFile(" ", CONTENT).name()).isEqualTo("evidence");
        assertThat(new AnswerDisputeCommand.EvidenceFile(null, CONTENT).name()).isEqualTo("evidence");
    }
}
