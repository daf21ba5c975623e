package org.medbook.doctors.application;

import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.constraints.Size;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorEvents;
import org.medbook.doctors.domain.Doctor;
import org.medbook.doctors.domain.Doctors;
import org.medbook.doctors.domain.GeocodeStatus;
import org.medbook.doctors.domain.Location;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The platform's decisions about doctors: verification, suspension, platform-controlled fields, locations. */
@Component
public class DoctorAdministrationHandler {

    public enum Decision { VERIFIED, REJECTED }

    /** Platform-controlled fields; null leaves a field as it is. */
    public record PlatformEdit(@Size(max = 200) String name, @Size(max = 100) String licenceNumber,
                               @Size(max = 20) List<@Size(max = 50) String> specialties, @Size(max = 64) String timeZone,
                               List<ConsultationType> consultationTypes, Map<ConsultationType, Money> fees) {
    }

    private final Doctors doctors;
    private final DoctorInputs inputs;
    private final LocationResolver locations;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DoctorAdministrationHandler(Doctors doctors, DoctorInputs inputs, LocationResolver locations,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.doctors = doctors;
        this.inputs = inputs;
        this.locations = locations;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Transactional
    public DoctorView decide(UUID doctorId, Decision decision, String reason, Caller actor) {
        Doctor doctor = load(doctorId);
        if (decision == Decision.VERIFIED) {
            doctor.verify();
        } else {
            doctor.reject(reason);
        }
        doctors.update(doctor);
        events.publishEvent(new DoctorEvents.DoctorVerificationDecided(UUID.randomUUID(), clock.instant(), actor.userId(),
                doctorId, decision.name(), reason, actor.clientIp()));
        return DoctorView.of(doctor);
    }

    @Transactional
    public DoctorView suspend(UUID doctorId, String reason, Caller actor) {
        Doctor doctor = load(doctorId);
        doctor.suspend();
        doctors.update(doctor);
        events.publishEvent(new DoctorEvents.DoctorSuspensionChanged(UUID.randomUUID(), clock.instant(), actor.userId(),
                doctorId, true, reason, actor.clientIp()));
        return DoctorView.of(doctor);
    }

    @Transactional
    public DoctorView reinstate(UUID doctorId, Caller actor) {
        Doctor doctor = load(doctorId);
        doctor.reinstate();
        doctors.update(doctor);
        events.publishEvent(new DoctorEvents.DoctorSuspensionChanged(UUID.randomUUID(), clock.instant(), actor.userId(),
                doctorId, false, null, actor.clientIp()));
        return DoctorView.of(doctor);
    }

    @Transactional
    public DoctorView edit(UUID doctorId, PlatformEdit edit, Caller actor) {
        Doctor doctor = load(doctorId);
        Set<String> specialties = edit.specialties() == null ? null : inputs.specialties(edit.specialties());
        var zone = edit.timeZone() == null ? null : inputs.zone(edit.timeZone());
        Set<ConsultationType> types = edit.consultationTypes() == null ? null : EnumSet.copyOf(edit.consultationTypes());
        Map<ConsultationType, Money> fees = null;
        if (edit.fees() != null) {
            fees = new EnumMap<>(ConsultationType.class);
            fees.putAll(edit.fees());
        }
        doctor.editAsPlatform(edit.name(), edit.licenceNumber(), specialties, zone, types, fees);
        doctors.update(doctor);
        changed(doctorId, actor);
        return DoctorView.of(doctor);
    }

    public DoctorView addLocation(UUID doctorId, NewLocation location, Caller actor) {
        load(doctorId);
        Location resolved = locations.resolve(UUID.randomUUID(), location);
        return transaction.execute(status -> {
            Doctor doctor = load(doctorId);
            doctor.addLocation(resolved);
            doctors.update(doctor);
            changed(doctorId, actor);
            return DoctorView.of(doctor);
        });
    }

    /** Tries the geocoder again for a location that failed. */
    public DoctorView retryGeocoding(UUID doctorId, UUID locationId, Caller actor) {
        Location current = load(doctorId).location(locationId);
        if (current.hasCoordinates()) {
            throw new MedbookException(ProblemKind.CONFLICT, "location-resolved", "The location already has coordinates");
        }
        Location retried = locations.geocode(locationId, current.name(), current.address());
        return transaction.execute(status -> {
            Doctor doctor = load(doctorId);
            doctor.replaceLocation(retried);
            doctors.update(doctor);
            changed(doctorId, actor);
            return DoctorView.of(doctor);
        });
    }

    @Transactional
    public DoctorView setCoordinates(UUID doctorId, UUID locationId, double latitude, double longitude, Caller actor) {
        Doctor doctor = load(doctorId);
        Location current = doctor.location(locationId);
        doctor.replaceLocation(Location.resolved(locationId, current.name(), current.address(), latitude, longitude,
                GeocodeStatus.MANUAL));
        doctors.update(doctor);
        changed(doctorId, actor);
        return DoctorView.of(doctor);
    }

    private void changed(UUID doctorId, Caller actor) {
        events.publishEvent(new DoctorEvents.DoctorProfileChanged(UUID.randomUUID(), clock.instant(), actor.userId(),
                doctorId, actor.clientIp()));
    }

    private Doctor load(UUID doctorId) {
        return doctors.findById(doctorId).orElseThrow(() -> MedbookException.notFound("Doctor"));
    }
}
