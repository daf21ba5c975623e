package org.medbook.doctors.application;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.medbook.doctors.domain.Specialties;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PhoneNumbers;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;

/** Checks of doctor input that need more than Bean Validation: zones, the specialty list, phones. */
@Component
class DoctorInputs {

    private final Specialties specialties;

    DoctorInputs(Specialties specialties) {
        this.specialties = specialties;
    }

    ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw field("timeZone", "is not an IANA time zone such as Europe/Berlin");
        }
    }

    Set<String> specialties(Collection<String> codes) {
        Set<String> unknown = specialties.unknown(codes);
        if (!unknown.isEmpty()) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "unknown-specialty",
                    "Unknown specialty: " + String.join(", ", new TreeSet<>(unknown)),
                    Map.of("errors", List.of(Map.of("field", "specialties", "message", "unknown: " + String.join(", ", unknown)))),
                    null);
        }
        return Set.copyOf(codes);
    }

    String phone(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return PhoneNumbers.toE164(raw).orElseThrow(() -> field("phone", "is not an international phone number"));
    }

    static MedbookException field(String field, String message) {
        return new MedbookException(ProblemKind.BAD_INPUT, "validation-failed", "The request has invalid fields: " + field,
                Map.of("errors", List.of(Map.of("field", field, "message", message))), null);
    }
}
