package org.medbook.audit.application;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class AuditQueries {

    private final AuditTrail trail;

    AuditQueries(AuditTrail trail) {
        this.trail = trail;
    }

    @Transactional(readOnly = true)
    public PageView<AuditEntryView> search(AuditTrail.Filter filter, PageRequest page) {
        return trail.search(filter, page);
    }
}
