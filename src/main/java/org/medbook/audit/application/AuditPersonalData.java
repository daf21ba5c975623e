package org.medbook.audit.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The access log of an export: every audit record the user made or that is about the user's account.
 * The one place that decides what the trail tells a person about themselves, so records of who read a
 * patient's data join here. Erasure keeps the trail whole: it is the evidence the clinic must keep,
 * and it names users only by their id, which no longer leads to a person once the account is erased.
 */
@Component
class AuditPersonalData implements PersonalData {

    private final AuditTrail trail;

    AuditPersonalData(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public String part() {
        return "access-log";
    }

    @Override
    @Transactional(readOnly = true)
    public PersonalDataPart export(UUID userId) {
        Map<Long, AuditEntryView> entries = new LinkedHashMap<>();
        collect(new AuditTrail.Filter(userId, null, null, null, null, null), entries);
        collect(new AuditTrail.Filter(null, null, null, "user:" + userId, null, null), entries);
        // who read the patient's data: the access log
        collect(new AuditTrail.Filter(null, userId, null, null, null, null), entries);
        List<AuditEntryView> ordered = new ArrayList<>(entries.values());
        ordered.sort(Comparator.comparing(AuditEntryView::occurredAt).thenComparing(AuditEntryView::id));
        return PersonalDataPart.of(ordered);
    }

    private void collect(AuditTrail.Filter filter, Map<Long, AuditEntryView> into) {
        for (int page = 0; ; page++) {
            PageView<AuditEntryView> found = trail.search(filter, new PageRequest(page, PageRequest.MAX_SIZE));
            found.items().forEach(entry -> into.putIfAbsent(entry.id(), entry));
            if ((long) (page + 1) * PageRequest.MAX_SIZE >= found.totalItems()) {
                return;
            }
        }
    }

    @Override
    public void erase(UUID userId, Instant now) {
        // kept as it is: the trail is append-only evidence and holds ids, not names or addresses
    }
}
