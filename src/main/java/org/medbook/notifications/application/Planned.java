package org.medbook.notifications.application;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import org.medbook.notifications.domain.Kind;

/**
 * One notification a rule decided on, before preferences, language and zone are applied.
 *
 * @param sourceId     unique per occurrence (usually the event id): with the recipient, the notification's key
 * @param visitStart   the visit it is about, if any: changes close to it are never held by quiet hours
 * @param practiceZone the doctor's zone, used for patients who chose none
 * @param sealedSecret an encrypted temporary password, for staff e-mails only
 */
record Planned(UUID sourceId, Kind kind, UUID recipientId, Map<String, Object> data, Instant visitStart,
               ZoneId practiceZone, byte[] sealedSecret) {

    Planned(UUID sourceId, Kind kind, UUID recipientId, Map<String, Object> data, Instant visitStart,
            ZoneId practiceZone) {
        this(sourceId, kind, recipientId, data, visitStart, practiceZone, null);
    }
}
