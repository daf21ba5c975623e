package org.medbook.doctors.application;

import java.util.List;

import org.medbook.doctors.domain.Specialties;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The managed list of specialties. */
@Component
public class SpecialtyHandler {

    private final Specialties specialties;

    SpecialtyHandler(Specialties specialties) {
        this.specialties = specialties;
    }

    @Transactional(readOnly = true)
    public List<Specialties.Specialty> all() {
        return specialties.all();
    }

    @Transactional
    public Specialties.Specialty add(String code, String name) {
        Specialties.Specialty specialty = new Specialties.Specialty(code, name.strip());
        specialties.add(specialty);
        return specialty;
    }

    @Transactional
    public Specialties.Specialty rename(String code, String name) {
        if (!specialties.rename(code, name.strip())) {
            throw MedbookException.notFound("Specialty");
        }
        return new Specialties.Specialty(code, name.strip());
    }
}
