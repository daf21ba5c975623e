package org.medbook.visits.application;

import java.util.UUID;

import org.medbook.visits.VisitLinks;
import org.springframework.stereotype.Component;

/** {@code <public url>/visit/<booking id>}: the visit page, which signs its reader in if needed. */
@Component
class VisitLinksFromConfiguration implements VisitLinks {

    private final String publicUrl;

    VisitLinksFromConfiguration(VisitsProperties properties) {
        this.publicUrl = properties.publicUrl();
    }

    @Override
    public String joinUrl(UUID bookingId) {
        return publicUrl + "/visit/" + bookingId;
    }
}
