package org.medbook.identity.application;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.audit.DataKind;
import org.medbook.audit.PatientAccessLog;
import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

import static org.assertj.core.api.Assertions.assertThat;

/** How readers are named in a patient's access log, with and without staff names switched on. */
class AccessLogQueriesTests {

    private static final UUID PATIENT = UUID.randomUUID();
    private static final UUID DOCTOR = UUID.randomUUID();
    private static final UUID ADMIN = UUID.randomUUID();
    private static final UUID HELPER = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2031-03-04T10:15:30Z");

    private final Map<UUID, UserContacts.Contact> people = Map.of(
            DOCTOR, contact(DOCTOR, "Dr. Lena Vogel", Role.DOCTOR),
            ADMIN, contact(ADMIN, "Ada Admin", Role.ADMIN),
            HELPER, contact(HELPER, "Hal Helper", Role.HELPER));
    private final List<Set<UUID>> lookedUp = new java.util.ArrayList<>();

    private final PatientAccessLog log = (patient, page) -> new PageView<>(List.of(
            new PatientAccessLog.Entry(NOW, DOCTOR, "DOCTOR", DataKind.BOOKING, null),
            new PatientAccessLog.Entry(NOW.minusSeconds(60), ADMIN, "ADMIN", DataKind.PROFILE, "Ticket 12"),
            new PatientAccessLog.Entry(NOW.minusSeconds(120), HELPER, "HELPER", DataKind.PAYMENT, null)),
            page.page(), page.size(), 3);

    private final UserContacts contacts = new UserContacts() {
        @Override
        public Map<UUID, Contact> find(Collection<UUID> ids) {
            lookedUp.add(Set.copyOf(ids));
            Map<UUID, Contact> found = new HashMap<>();
            ids.forEach(id -> found.put(id, people.get(id)));
            return found;
        }

        @Override
        public List<UUID> activeStaffWith(Permission permission) {
            return List.of();
        }
    };

    @Test
    void doctorsAreNamedAndStaffAppearByRoleOnlyByDefault() {
        PageView<AccessLogQueries.AccessLogView> page = new AccessLogQueries(log, contacts, new PrivacyProperties(false, java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(1)))
                .of(PATIENT, new PageRequest(0, 20));

        assertThat(page.items()).extracting(AccessLogQueries.AccessLogView::role).containsExactly("DOCTOR", "ADMIN", "HELPER");
        assertThat(page.items()).extracting(AccessLogQueries.AccessLogView::name).containsExactly("Dr. Lena Vogel", null, null);
        assertThat(page.items()).extracting(AccessLogQueries.AccessLogView::kind).containsExactly("BOOKING", "PROFILE", "PAYMENT");
        assertThat(page.items().get(1).reason()).isEqualTo("Ticket 12");
        assertThat(page.totalItems()).isEqualTo(3);
        assertThat(lookedUp).containsExactly(Set.of(DOCTOR));
    }

    @Test
    void staffAreNamedWhenThePlatformIsConfiguredTo() {
        PageView<AccessLogQueries.AccessLogView> page = new AccessLogQueries(log, contacts, new PrivacyProperties(true, java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(1)))
                .of(PATIENT, new PageRequest(0, 20));

        assertThat(page.items()).extracting(AccessLogQueries.AccessLogView::name)
                .containsExactly("Dr. Lena Vogel", "Ada Admin", "Hal Helper");
        assertThat(lookedUp).containsExactly(Set.of(DOCTOR, ADMIN, HELPER));
    }

    private static UserContacts.Contact contact(UUID id, String name, Role role) {
        return new UserContacts.Contact(id, name, null, null, null, Set.of(role), true);
    }
}
