package org.medbook.shared.web;

/** A query, path or header value that converts but may not be accepted; the message is safe to show the client. */
final class RejectedParameterException extends IllegalArgumentException {

    RejectedParameterException(String message) {
        super(message);
    }
}
