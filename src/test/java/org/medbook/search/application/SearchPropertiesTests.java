package org.medbook.search.application;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchPropertiesTests {

    @Test
    void anAverageNeedsAtLeastOneReviewToCount() {
        assertThat(new SearchProperties(Duration.ofMinutes(5), 1).minReviewsForRating()).isEqualTo(1);
        assertThatThrownBy(() -> new SearchProperties(Duration.ofMinutes(5), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-reviews-for-rating");
        assertThatThrownBy(() -> new SearchProperties(Duration.ofMinutes(5), -3)).isInstanceOf(IllegalArgumentException.class);
    }
}
