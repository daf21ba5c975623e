package org.medbook.reviews.application;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an author is named in public, and which review settings start the application at all. */
class ReviewRulesTests {

    @Test
    void anAuthorIsAFirstNameAndTheInitialOfTheLastNameOrAPlaceholder() {
        assertThat(ReviewQueries.masked("Maria Schmidt-Weber")).isEqualTo("Maria S.");
        assertThat(ReviewQueries.masked("  jon   van der doe ")).isEqualTo("jon D.");
        assertThat(ReviewQueries.masked("Cher")).isEqualTo("Cher");
        assertThat(ReviewQueries.masked("Zoë Ørsted")).isEqualTo("Zoë Ø.");
        assertThat(ReviewQueries.masked(null)).isEqualTo("Patient");
        assertThat(ReviewQueries.masked("   ")).isEqualTo("Patient");
    }

    @Test
    void reviewDurationsMustBePositiveAndThePollMoreThanZero() {
        Duration day = Duration.ofDays(1);
        assertThat(new ReviewsProperties(day, day, Duration.ofMinutes(1)).editWindow()).isEqualTo(day);
        assertThat(new ReviewsProperties(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)).inviteAfter()).isZero();
        assertThatThrownBy(() -> new ReviewsProperties(day.negated(), day, day)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReviewsProperties(day, day.negated(), day)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReviewsProperties(day, day, day.negated())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReviewsProperties(day, day, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
