package org.medbook.shared.web;

import java.io.IOException;

/** Raised by the request body stream once a body without a declared length passes its limit. */
final class PayloadTooLargeException extends IOException {

    private final long limit;

    PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
