package org.medbook.shared.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON reader for request bodies: the application's mapper plus the rules for what a client may
 * send, applied to every field at once. Text must pass {@link TextRules} (line breaks only in fields
 * marked {@link MultilineText}); dates must lie within {@link SaneDates}. Only requests are held to
 * this: stored events and provider answers are read with the application's mapper as they are.
 */
final class RequestJson {

    private RequestJson() {
    }

    static JsonMapper mapper(JsonMapper application) {
        return application.rebuild()
                .addModule(new SimpleModule("medbook-request-values").setDeserializerModifier(new ValueDeserializerModifier() {
                    @Override
                    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                            BeanDescription.Supplier type, ValueDeserializer<?> deserializer) {
                        if (type.getBeanClass() == String.class) {
                            return new CheckedText(deserializer, false);
                        }
                        return SaneDates.covers(type.getBeanClass()) ? new SaneDate(deserializer) : deserializer;
                    }
                }))
                .build();
    }

    /** A value of the right type that a request may still not carry; the message is safe to show the client. */
    static final class RejectedValueException extends MismatchedInputException {

        RejectedValueException(JsonParser parser, String message, Class<?> type) {
            super(parser, message, type);
        }
    }

    static final class CheckedText extends DelegatingDeserializer {

        private final boolean multiline;

        CheckedText(ValueDeserializer<?> delegate, boolean multiline) {
            super(delegate);
            this.multiline = multiline;
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new CheckedText(delegate, multiline);
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            CheckedText contextual = (CheckedText) super.createContextual(context, property);
            boolean multilineHere = property != null && property.getAnnotation(MultilineText.class) != null;
            return multilineHere == contextual.multiline ? contextual : new CheckedText(contextual._delegatee, multilineHere);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            if (value instanceof String text) {
                String problem = TextRules.problemWith(text, multiline);
                if (problem != null) {
                    throw new RejectedValueException(parser, problem, String.class);
                }
            }
            return value;
        }
    }

    static final class SaneDate extends DelegatingDeserializer {

        SaneDate(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new SaneDate(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            String problem = SaneDates.problemWith(value);
            if (problem != null) {
                throw new RejectedValueException(parser, problem, _delegatee.handledType());
            }
            return value;
        }
    }
}
