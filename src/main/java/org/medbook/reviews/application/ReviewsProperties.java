package org.medbook.reviews.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Under {@code medbook.reviews}.
 *
 * @param editWindow         how long after writing it a patient may change a review
 * @param inviteAfter        how long after a completed visit its patient is invited to review it
 * @param invitationPollEvery how often due invitations are looked for (on every node; each is sent once)
 */
@ConfigurationProperties("medbook.reviews")
public record ReviewsProperties(@DefaultValue("P14D") Duration editWindow, @DefaultValue("P1D") Duration inviteAfter,
                                @DefaultValue("PT1M") Duration invitationPollEvery) {

    public ReviewsProperties {
        if (editWindow.isNegative() || inviteAfter.isNegative() || invitationPollEvery.isNegative()
                || invitationPollEvery.isZero()) {
            throw new IllegalArgumentException("medbook.reviews durations must be positive");
        }
    }
}
