package org.medbook.shared.http;

import java.time.Duration;

/**
 * How long a call to one provider may wait: for the connection, and for the answer once connected
 * (the whole answer, body included, with the JDK client Boot picks here).
 *
 * @param connect the longest wait for a connection; 3 seconds when not set
 * @param read    the longest wait for the answer; 10 seconds when not set
 */
public record HttpTimeouts(Duration connect, Duration read) {

    public HttpTimeouts {
        connect = connect == null ? Duration.ofSeconds(3) : connect;
        read = read == null ? Duration.ofSeconds(10) : read;
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
            throw new IllegalArgumentException("HTTP connect and read timeouts must be positive, not " + connect + " / " + read);
        }
    }

    /** The longest one call may take, connection and answer together. */
    public Duration total() {
        return connect.plus(read);
    }
}
