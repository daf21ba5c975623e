package org.medbook.shared.startup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medbook.MedbookApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnreachableTests {

    @Test
    void startUpFailsWithOneLineSayingWhereItTriedAndHowToConfigureIt(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(MedbookApplication.class)
                .properties("spring.main.banner-mode=off", "logging.structured.format.console=", "server.port=0")
                .run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/postgres",
                        "--medbook.crypto.dev-secrets-dir=target/test-secrets"));

        assertThat(failure).isNotNull();
        assertThat(output.getOut() + output.getErr())
                .contains("Cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres as user 'postgres'")
                .contains("MEDBOOK_DB_URL, MEDBOOK_DB_USER and MEDBOOK_DB_PASSWORD");
    }
}
