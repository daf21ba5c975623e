package org.medbook.shared.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON values bind only to their own type: {@code 2} is not {@code true}, {@code 123} is not a name,
 * {@code "24"} is not a number, {@code 0} is not an enum constant and a number is not a date (Jackson
 * would read it as seconds since 1970). A client that sends the wrong type gets a 400 naming the field
 * instead of a silently different request.
 */
@Component
class StrictJson implements JsonMapperBuilderCustomizer {

    private static final Set<Class<?>> DATE_TIME_TYPES = Set.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class,
            LocalDate.class, LocalDateTime.class, LocalTime.class, OffsetTime.class, YearMonth.class);
    private static final Pattern NUMBER = Pattern.compile("\\s*[+-]?[0-9]+(\\.[0-9]*)?\\s*");

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.withCoercionConfig(LogicalType.Boolean, config -> refuse(config, CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.String, CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Textual, config -> refuse(config, CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Integer, config -> refuse(config, CoercionInputShape.String,
                        CoercionInputShape.EmptyString, CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float, config -> refuse(config, CoercionInputShape.String,
                        CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.DateTime, config -> refuse(config, CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.Boolean))
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .addModule(new SimpleModule("medbook-textual-dates").setDeserializerModifier(new ValueDeserializerModifier() {
                    @Override
                    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                            BeanDescription.Supplier type, ValueDeserializer<?> deserializer) {
                        return DATE_TIME_TYPES.contains(type.getBeanClass()) ? new TextualDateTime(deserializer) : deserializer;
                    }
                }));
    }

    private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }

    /**
     * Dates and times only as ISO-8601 text. Jackson's own java.time readers also take numbers and
     * numeric strings as epoch timestamps, which coercion settings do not switch off.
     */
    static final class TextualDateTime extends DelegatingDeserializer {

        TextualDateTime(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new TextualDateTime(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return context.handleUnexpectedToken(_delegatee.handledType(), parser);
            }
            if (NUMBER.matcher(parser.getString()).matches()) {
                return context.reportInputMismatch(_delegatee.handledType(),
                        "a date or time must be ISO-8601 text, not a number");
            }
            return super.deserialize(parser, context);
        }
    }
}
