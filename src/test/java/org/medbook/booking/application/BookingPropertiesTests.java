package org.medbook.booking.application;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.booking.domain.BookingLimits;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class BookingPropertiesTests {

    private static BookingProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("medbook.booking", BookingProperties.class);
    }

    @Test
    void theLimitsDefaultToThreeHoldsTwoBookingsPerDoctorAndTenInAll() {
        assertThat(bind(Map.of()).limits()).isEqualTo(new BookingLimits(3, 2, 10));
    }

    @Test
    void theLimitsAreConfigurable() {
        assertThat(bind(Map.of("medbook.booking.max-unpaid-holds", "1", "medbook.booking.max-bookings-per-doctor", "4",
                "medbook.booking.max-active-bookings", "20")).limits()).isEqualTo(new BookingLimits(1, 4, 20));
    }
}
