package org.medbook.doctors.domain;

import java.util.Collection;
import java.util.List;
import java.util.Set;

public interface Specialties {

    record Specialty(String code, String name) {
    }

    List<Specialty> all();

    /** The codes among {@code codes} that are not in the managed list. */
    Set<String> unknown(Collection<String> codes);

    void add(Specialty specialty);

    boolean rename(String code, String name);
}
