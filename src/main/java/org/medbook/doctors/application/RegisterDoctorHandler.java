package org.medbook.doctors.application;

import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorEvents;
import org.medbook.doctors.domain.Doctor;
import org.medbook.doctors.domain.Doctors;
import org.medbook.doctors.domain.Location;
import org.medbook.identity.Role;
import org.medbook.identity.StaffAccounts;
import org.medbook.identity.UserId;
import org.medbook.shared.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * Creates a doctor: geocodes the locations first (no transaction is held open during the calls),
 * then creates the DOCTOR account through identity's staff-account capability and the profile in
 * one transaction. The doctor starts PENDING: not searchable, not bookable.
 */
@Component
@Validated
public class RegisterDoctorHandler {

    private final DoctorInputs inputs;
    private final LocationResolver locations;
    private final StaffAccounts staffAccounts;
    private final Doctors doctors;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RegisterDoctorHandler(DoctorInputs inputs, LocationResolver locations, StaffAccounts staffAccounts, Doctors doctors,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.inputs = inputs;
        this.locations = locations;
        this.staffAccounts = staffAccounts;
        this.doctors = doctors;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public DoctorView handle(@Valid RegisterDoctorCommand command) {
        var zone = inputs.zone(command.timeZone());
        var specialties = inputs.specialties(command.specialties());
        String phone = inputs.phone(command.phone());
        var types = EnumSet.copyOf(command.consultationTypes());
        Map<ConsultationType, Money> fees = new EnumMap<>(ConsultationType.class);
        fees.putAll(command.fees());
        List<Location> resolved = command.locations().stream()
                .map(location -> locations.resolve(UUID.randomUUID(), location))
                .toList();
        return transaction.execute(status -> {
            UserId account = staffAccounts.create(new StaffAccounts.NewStaffAccount(command.email(), command.name(),
                    Role.DOCTOR, java.util.Set.of()), command.actorId(), command.clientIp());
            Doctor doctor = Doctor.register(account.value(), command.name(), command.email().strip().toLowerCase(java.util.Locale.ROOT),
                    phone, zone, command.bio(), command.licenceNumber(), specialties, command.languages(), types, fees,
                    resolved);
            doctors.add(doctor);
            events.publishEvent(new DoctorEvents.DoctorCreated(UUID.randomUUID(), clock.instant(), command.actorId(),
                    doctor.id(), command.clientIp()));
            return DoctorView.of(doctor);
        });
    }
}
