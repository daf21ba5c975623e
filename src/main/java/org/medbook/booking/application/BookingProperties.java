package org.medbook.booking.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdDuration   how long an unpaid online booking keeps its slot
 * @param maxUnpaidHolds how many unpaid holds one patient may have at once
 */
@ConfigurationProperties("medbook.booking")
public record BookingProperties(@DefaultValue("PT10M") Duration holdDuration, @DefaultValue("3") int maxUnpaidHolds) {

    public BookingProperties {
        holdDuration = holdDuration == null ? Duration.ofMinutes(10) : holdDuration;
        maxUnpaidHolds = maxUnpaidHolds <= 0 ? 3 : maxUnpaidHolds;
    }
}
