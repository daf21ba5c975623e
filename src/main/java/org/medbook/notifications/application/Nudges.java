package org.medbook.notifications.application;

import org.springframework.stereotype.Component;

/** Wakes this node's workers when it committed work for them, instead of waiting for their next poll. */
@Component
class Nudges {

    private volatile Runnable fanOut = () -> {
    };
    private volatile Runnable deliveries = () -> {
    };

    void wire(Runnable fanOut, Runnable deliveries) {
        this.fanOut = fanOut;
        this.deliveries = deliveries;
    }

    void fanOut() {
        fanOut.run();
    }

    void deliveries() {
        deliveries.run();
    }
}
