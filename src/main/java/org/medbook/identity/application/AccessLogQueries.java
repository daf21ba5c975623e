package org.medbook.identity.application;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.medbook.audit.PatientAccessLog;
import org.medbook.identity.UserContacts;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.stereotype.Component;

/** A patient's own access log: who read their data, as whom and when, named as privacy allows. */
@Component
public class AccessLogQueries {

    private final PatientAccessLog log;
    private final UserContacts contacts;
    private final PrivacyProperties privacy;

    AccessLogQueries(PatientAccessLog log, UserContacts contacts, PrivacyProperties privacy) {
        this.log = log;
        this.contacts = contacts;
        this.privacy = privacy;
    }

    /**
     * @param role   ADMIN, HELPER or DOCTOR: the reader's role when they read
     * @param name   the reader's name: always for a doctor, for staff only when configured
     * @param kind   PROFILE, BOOKING, PAYMENT, DISPUTE, CONVERSATION or REPORT
     * @param reason why, when the reader said
     */
    public record AccessLogView(Instant occurredAt, String role, String name, String kind, String reason) {
    }

    public PageView<AccessLogView> of(UUID patientId, PageRequest page) {
        PageView<PatientAccessLog.Entry> entries = log.of(patientId, page);
        Set<UUID> named = entries.items().stream().filter(this::named).map(PatientAccessLog.Entry::actorId)
                .collect(Collectors.toSet());
        Map<UUID, UserContacts.Contact> people = named.isEmpty() ? Map.of() : contacts.find(named);
        return new PageView<>(entries.items().stream().map(entry -> {
            UserContacts.Contact who = named(entry) ? people.get(entry.actorId()) : null;
            return new AccessLogView(entry.occurredAt(), entry.role(), who == null ? null : who.name(),
                    entry.kind().name(), entry.reason());
        }).toList(), entries.page(), entries.size(), entries.totalItems());
    }

    private boolean named(PatientAccessLog.Entry entry) {
        return entry.actorId() != null && (entry.role().equals("DOCTOR") || privacy.showStaffNames());
    }
}
