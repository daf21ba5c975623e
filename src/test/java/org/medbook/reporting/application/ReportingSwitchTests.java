package org.medbook.reporting.application;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.medbook.booking.Bookings;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.payments.Payments;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reporting listens to business events unless an operator switches it off; switched off, no projection
 * exists, so no event publication is recorded for it (what the load suite compares a booking against).
 */
class ReportingSwitchTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(ReportStore.class, () -> unused(ReportStore.class))
            .withBean(Bookings.class, () -> unused(Bookings.class))
            .withBean(Payments.class, () -> unused(Payments.class))
            .withBean(DoctorCatalog.class, () -> unused(DoctorCatalog.class))
            .withBean(Clock.class, () -> Clock.fixed(Instant.parse("2027-03-01T10:00:00Z"), ZoneOffset.UTC))
            .withBean(PlatformTransactionManager.class, () -> unused(PlatformTransactionManager.class))
            .withUserConfiguration(ReportingProjection.class, ReportingDrain.class);

    @Test
    void theProjectionListensByDefaultAndWhenSwitchedOn() {
        context.run(app -> assertThat(app).hasSingleBean(ReportingProjection.class)
                .hasSingleBean(ReportingDrain.class));
        context.withPropertyValues("medbook.reporting.enabled=true")
                .run(app -> assertThat(app).hasSingleBean(ReportingProjection.class)
                        .hasSingleBean(ReportingDrain.class));
    }

    @Test
    void switchedOffThereIsNoProjectionAtAll() {
        context.withPropertyValues("medbook.reporting.enabled=false")
                .run(app -> assertThat(app).hasNotFailed().doesNotHaveBean(ReportingProjection.class)
                        .doesNotHaveBean(ReportingDrain.class));
    }

    /** A port the switch decides about without calling it. */
    private static <T> T unused(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
        }));
    }
}
