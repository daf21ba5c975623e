package org.medbook.booking.application;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.booking.domain.Appointment;
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

    @Test
    void aLimitOfZeroOrLessMeansTheDefault() {
        assertThat(bind(Map.of("medbook.booking.max-unpaid-holds", "0", "medbook.booking.max-bookings-per-doctor", "0",
                "medbook.booking.max-active-bookings", "0")).limits()).isEqualTo(new BookingLimits(3, 2, 10));
        assertThat(new BookingProperties(null, -1, -1, -1, null).limits()).isEqualTo(new BookingLimits(3, 2, 10));
    }

    @Test
    void theHoldAndTheFreeCancellationGraceDefaultToTenAndThirtyMinutesAndAreConfigurable() {
        assertThat(bind(Map.of()).terms())
                .isEqualTo(new Appointment.PlatformTerms(Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(bind(Map.of("medbook.booking.hold-duration", "PT5M", "medbook.booking.free-cancellation-grace", "PT1H")).terms())
                .isEqualTo(new Appointment.PlatformTerms(Duration.ofMinutes(5), Duration.ofHours(1)));
    }

    @Test
    void aMissingHoldOrANegativeGraceMeansTheDefaultWhileNoGraceAtAllIsAllowed() {
        assertThat(new BookingProperties(null, 1, 1, 1, Duration.ofMinutes(-1)).terms())
                .isEqualTo(new Appointment.PlatformTerms(Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(new BookingProperties(Duration.ofMinutes(7), 1, 1, 1, Duration.ZERO).terms())
                .isEqualTo(new Appointment.PlatformTerms(Duration.ofMinutes(7), Duration.ZERO));
    }
}
