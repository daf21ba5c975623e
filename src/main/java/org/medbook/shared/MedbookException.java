package org.medbook.shared;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * A request refused for a reason the caller can act on. The slug is the stable problem type
 * ({@code slot-unavailable}, {@code otp-expired}); the message is the human detail.
 */
public class MedbookException extends RuntimeException {

    private final ProblemKind kind;
    private final String slug;
    private final Map<String, Object> properties;
    private final Duration retryAfter;

    public MedbookException(ProblemKind kind, String slug, String detail) {
        this(kind, slug, detail, Map.of(), null);
    }

    public MedbookException(ProblemKind kind, String slug, String detail, Map<String, Object> properties,
                            Duration retryAfter) {
        super(detail);
        this.kind = Objects.requireNonNull(kind);
        this.slug = Objects.requireNonNull(slug);
        // in name order: the answer's fields read the same on every run (Map.copyOf's order changes per JVM)
        this.properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        this.retryAfter = retryAfter;
    }

    public static MedbookException notFound(String what) {
        return new MedbookException(ProblemKind.NOT_FOUND, "not-found", what + " was not found");
    }

    public static MedbookException badInput(String slug, String detail) {
        return new MedbookException(ProblemKind.BAD_INPUT, slug, detail);
    }

    public static MedbookException tooManyRequests(String slug, String detail, Duration retryAfter) {
        return new MedbookException(ProblemKind.TOO_MANY_REQUESTS, slug, detail, Map.of(), retryAfter);
    }

    public ProblemKind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
