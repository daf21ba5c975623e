package org.medbook.shared;

/** The HTTP meaning of a refused request, kept free of any web framework so domains can use it. */
public enum ProblemKind {
    BAD_INPUT(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RULE_BROKEN(422),
    TOO_MANY_REQUESTS(429),
    UNAVAILABLE(503);

    private final int status;

    ProblemKind(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
