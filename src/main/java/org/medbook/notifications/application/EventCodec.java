package org.medbook.notifications.application;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Events as JSON in the module's outbox; only the event types the rules know are ever read back. */
@Component
class EventCodec {

    private final JsonMapper json;
    private final Map<String, Class<?>> accepted = NotificationRules.ACCEPTED.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

    EventCodec(JsonMapper json) {
        this.json = json;
    }

    boolean accepts(Object event) {
        return accepted.containsKey(event.getClass().getName());
    }

    String type(Object event) {
        return event.getClass().getName();
    }

    String encode(Object event) {
        return json.writeValueAsString(event);
    }

    Object decode(String type, String payload) {
        Class<?> target = accepted.get(type);
        if (target == null) {
            throw new IllegalArgumentException("Not a notification event: " + type);
        }
        return json.readValue(payload, target);
    }
}
