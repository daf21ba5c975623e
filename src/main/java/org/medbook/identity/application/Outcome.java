package org.medbook.identity.application;

import java.time.Duration;
import java.util.Map;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/**
 * The result of a sign-in style command. A refusal is returned, not thrown, because what it
 * recorded (a failed attempt, a lock, an audit event) must commit.
 */
public sealed interface Outcome<T> {

    record Success<T>(T value) implements Outcome<T> {
    }

    record Refused<T>(ProblemKind kind, String slug, String detail, Map<String, Object> properties, Duration retryAfter)
            implements Outcome<T> {

        public MedbookException toException() {
            return new MedbookException(kind, slug, detail, properties, retryAfter);
        }
    }

    static <T> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    static <T> Outcome<T> refused(ProblemKind kind, String slug, String detail) {
        return new Refused<>(kind, slug, detail, Map.of(), null);
    }

    /** The value, or the refusal as an exception (for the API layer). */
    default T orThrow() {
        return switch (this) {
            case Success<T> success -> success.value();
            case Refused<T> refused -> throw refused.toException();
        };
    }
}
