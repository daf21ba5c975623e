package org.medbook.shared.web;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.PropertyWriter;
import tools.jackson.databind.ser.bean.BeanSerializerBase;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast text of an OffsetDateTime is Jackson's default text, character for character. */
class OffsetDateTimeTextTests {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    @Test
    void writesWhatTheIsoFormatterWritesAtTheEdges() {
        List<OffsetDateTime> values = List.of(
                OffsetDateTime.of(2026, 3, 29, 1, 0, 0, 0, ZoneOffset.ofHours(1)),
                OffsetDateTime.of(2026, 3, 29, 3, 0, 0, 0, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC),
                OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 1, ZoneOffset.MAX),
                OffsetDateTime.of(1, 2, 3, 4, 5, 6, 500_000_000, ZoneOffset.MIN),
                OffsetDateTime.of(2026, 6, 1, 12, 30, 0, 5_000_000, ZoneOffset.ofHoursMinutes(5, 30)),
                OffsetDateTime.of(2026, 6, 1, 12, 30, 0, 120_000, ZoneOffset.ofHoursMinutes(-9, -30)),
                OffsetDateTime.of(2026, 6, 1, 12, 30, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 0, 7)),
                OffsetDateTime.of(2026, 6, 1, 12, 30, 0, 0, ZoneOffset.ofHoursMinutesSeconds(-1, -2, -3)),
                OffsetDateTime.of(2026, 6, 1, 12, 30, 0, 0, ZoneOffset.ofTotalSeconds(-59)));
        assertThat(values).allSatisfy(value -> assertThat(OffsetDateTimeText.iso(value)).isEqualTo(ISO.format(value)));
    }

    @Test
    void writesWhatTheIsoFormatterWritesForTwentyThousandOthers() {
        Random random = new Random(20261204);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime local = LocalDateTime.of(random.nextInt(10_000), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), nanos(random));
            ZoneOffset offset = switch (random.nextInt(3)) {
                case 0 -> ZoneOffset.UTC;
                case 1 -> ZoneOffset.ofTotalSeconds(60 * (random.nextInt(36 * 60 + 1) - 18 * 60));
                default -> ZoneOffset.ofTotalSeconds(random.nextInt(36 * 3600 + 1) - 18 * 3600);
            };
            OffsetDateTime value = OffsetDateTime.of(local, offset);
            assertThat(OffsetDateTimeText.iso(value)).as("%s", value).isEqualTo(ISO.format(value));
        }
    }

    @Test
    void leavesYearsWithASignOrAFifthDigitToTheFormatter() {
        assertThat(OffsetDateTimeText.iso(OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))).isNull();
        assertThat(OffsetDateTimeText.iso(OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))).isNull();
    }

    record Times(OffsetDateTime at, @JsonFormat(pattern = "yyyy/MM/dd HH:mm xxx") OffsetDateTime shown, List<OffsetDateTime> many) {
    }

    @Test
    void theMapperWritesThroughItAndKeepsAPropertysOwnFormat() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new OffsetDateTimeText().customize(builder);
        JsonMapper mapper = builder.build();
        OffsetDateTime at = OffsetDateTime.of(2026, 10, 25, 2, 30, 0, 0, ZoneOffset.ofHours(1));
        OffsetDateTime late = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

        String json = mapper.writeValueAsString(new Times(at, at, List.of(at, late)));

        assertThat(propertySerializer(mapper, Times.class, "at")).isInstanceOf(OffsetDateTimeText.Writer.class);
        assertThat(json).isEqualTo("{\"at\":\"2026-10-25T02:30:00+01:00\",\"shown\":\"2026/10/25 02:30 +01:00\","
                + "\"many\":[\"2026-10-25T02:30:00+01:00\",\"+10000-01-01T00:00:00Z\"]}");
        assertThat(json).isEqualTo(JsonMapper.builder().build().writeValueAsString(new Times(at, at, List.of(at, late))));
    }

    /** The serializer Jackson uses for one property of a type (made for that property, with its format). */
    static Object propertySerializer(JsonMapper mapper, Class<?> type, String property) {
        Iterator<PropertyWriter> writers = ((BeanSerializerBase) mapper._serializationContext().findValueSerializer(type)).properties();
        while (writers.hasNext()) {
            PropertyWriter writer = writers.next();
            if (writer.getName().equals(property)) {
                return ((BeanPropertyWriter) writer).getSerializer();
            }
        }
        throw new IllegalArgumentException(type + " has no property " + property);
    }

    private static int nanos(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
    }
}
