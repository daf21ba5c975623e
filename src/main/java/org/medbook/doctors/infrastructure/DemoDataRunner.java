package org.medbook.doctors.infrastructure;

import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;

import org.medbook.doctors.DoctorEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads demo doctors at start-up when {@code medbook.demo.doctors} is above zero (e.g. 300 for a
 * local run, 100000 for the load suite), unless that many are already there. Never in {@code prod}.
 */
@Component
class DemoDataRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataRunner.class);

    private final DemoDoctors demo;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Environment environment;
    private final Clock clock;
    private final int wanted;
    private final long seed;

    DemoDataRunner(DemoDoctors demo, ApplicationEventPublisher events, TransactionTemplate transaction,
            Environment environment, Clock clock, @Value("${medbook.demo.doctors:0}") int wanted,
            @Value("${medbook.demo.seed:20261124}") long seed) {
        this.demo = demo;
        this.events = events;
        this.transaction = transaction;
        this.environment = environment;
        this.clock = clock;
        this.wanted = wanted;
        this.seed = seed;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (wanted <= 0) {
            return;
        }
        if (Arrays.asList(environment.getActiveProfiles()).contains("prod")) {
            throw new IllegalStateException("Refusing to load demo data with the prod profile (medbook.demo.doctors="
                    + wanted + ")");
        }
        long existing = demo.existing();
        if (existing >= wanted) {
            log.info("{} demo doctors already present; nothing to load", existing);
            return;
        }
        int added = demo.generate((int) (wanted - existing), seed + existing);
        transaction.executeWithoutResult(status -> events.publishEvent(
                new DoctorEvents.DoctorsImported(UUID.randomUUID(), clock.instant(), added)));
    }
}
