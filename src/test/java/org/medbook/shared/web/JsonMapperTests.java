package org.medbook.shared.web;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's own JSON mapper (the one that writes every answer) writes OffsetDateTimes with {@link OffsetDateTimeText}. */
class JsonMapperTests extends IntegrationTest {

    @Autowired
    private JsonMapper mapper;

    @Test
    void writesOffsetDateTimesThroughTheFastText() {
        assertThat(mapper._serializationContext().findValueSerializer(OffsetDateTime.class))
                .isInstanceOf(OffsetDateTimeText.Writer.class);
        assertThat(mapper.writeValueAsString(OffsetDateTime.of(2026, 3, 29, 3, 0, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("\"2026-03-29T03:00:00+02:00\"");
    }
}
