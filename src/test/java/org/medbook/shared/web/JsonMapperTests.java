package org.medbook.shared.web;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.medbook.doctors.application.SlotsView;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapper that writes every answer (the HTTP converter's, built from the application's) writes an
 * OffsetDateTime property with {@link OffsetDateTimeText}.
 */
class JsonMapperTests extends IntegrationTest {

    @Autowired
    private RequestMappingHandlerAdapter handlers;

    @Test
    void answersWriteOffsetDateTimesThroughTheFastText() {
        JsonMapper mapper = handlers.getMessageConverters().stream()
                .filter(JacksonJsonHttpMessageConverter.class::isInstance).map(JacksonJsonHttpMessageConverter.class::cast)
                .findFirst().orElseThrow().getMapper();

        assertThat(OffsetDateTimeTextTests.propertySerializer(mapper, SlotsView.Slot.class, "start"))
                .isInstanceOf(OffsetDateTimeText.Writer.class);
        assertThat(mapper.writeValueAsString(new SlotsView.Slot(OffsetDateTime.of(2026, 3, 29, 3, 0, 0, 0, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(2026, 3, 29, 3, 30, 0, 0, ZoneOffset.ofHours(2)), null, null)))
                .isEqualTo("{\"start\":\"2026-03-29T03:00:00+02:00\",\"end\":\"2026-03-29T03:30:00+02:00\"}");
    }
}
