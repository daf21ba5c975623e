package org.medbook.shared;

/** A zero-based page request, validated once so every query can trust it. */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 100;

    public PageRequest {
        if (page < 0) {
            throw MedbookException.badInput("invalid-parameter", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw MedbookException.badInput("invalid-parameter", "size must be between 1 and " + MAX_SIZE);
        }
    }

    public long offset() {
        return (long) page * size;
    }
}
