package org.medbook.content.infrastructure;

import java.time.Instant;
import java.util.UUID;

import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The user's consents: which version of the terms and the privacy policy they accepted, when and from
 * where. Erasure keeps the proof of consent (kind, version, time) and removes the client address.
 */
@Component
class JdbcContentPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    JdbcContentPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String part() {
        return "consents";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        return PersonalDataPart.of(jdbc.sql("""
                SELECT kind, version, accepted_at, client_ip FROM content_policy_acceptances
                WHERE user_id = :user ORDER BY accepted_at, kind
                """).param("user", userId).query().listOfRows());
    }

    @Override
    public void erase(UUID userId, Instant now) {
        jdbc.sql("UPDATE content_policy_acceptances SET client_ip = NULL WHERE user_id = :user").param("user", userId)
                .update();
    }
}
