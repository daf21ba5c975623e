package org.medbook.doctors.application;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.medbook.doctors.DoctorEvents;
import org.medbook.doctors.domain.Doctor;
import org.medbook.doctors.domain.Doctors;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A doctor reads and edits their own profile (bio, languages, phone); the rest is the platform's. */
@Component
public class OwnProfileHandler {

    public record OwnEdit(String bio, List<String> languages, String phone) {
    }

    private final Doctors doctors;
    private final DoctorInputs inputs;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OwnProfileHandler(Doctors doctors, DoctorInputs inputs, ApplicationEventPublisher events, Clock clock) {
        this.doctors = doctors;
        this.inputs = inputs;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public DoctorView get(UUID doctorId) {
        return DoctorView.of(load(doctorId));
    }

    @Transactional
    public DoctorView edit(OwnEdit edit, Caller doctorCaller) {
        Doctor doctor = load(doctorCaller.userId());
        doctor.editOwnProfile(edit.bio(), edit.languages(), inputs.phone(edit.phone()));
        doctors.update(doctor);
        events.publishEvent(new DoctorEvents.DoctorProfileChanged(UUID.randomUUID(), clock.instant(),
                doctorCaller.userId(), doctor.id(), doctorCaller.clientIp()));
        return DoctorView.of(doctor);
    }

    private Doctor load(UUID doctorId) {
        return doctors.findById(doctorId).orElseThrow(() -> MedbookException.notFound("Doctor profile"));
    }
}
