package org.medbook.search.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Under {@code medbook.search}.
 *
 * @param slotRefreshEvery    how often doctors with stale offered runs are looked for
 * @param minReviewsForRating how many reviews a doctor needs before the average counts when sorting by rating
 */
@ConfigurationProperties("medbook.search")
public record SearchProperties(@DefaultValue("PT5M") Duration slotRefreshEvery,
                               @DefaultValue("3") int minReviewsForRating) {

    public SearchProperties {
        if (minReviewsForRating < 1) {
            throw new IllegalArgumentException("medbook.search.min-reviews-for-rating must be at least 1");
        }
    }
}
