package org.medbook.notifications.infrastructure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.identity.UserContacts;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The user's notifications (with how each was delivered), preferences and registered devices. Erasure
 * deletes all of them, push tokens included.
 */
@Component
class JdbcNotificationsPersonalData implements PersonalData {

    private static final String ERASED = "(erased)";

    private final JdbcClient jdbc;
    private final UserContacts contacts;
    private final DoctorCatalog doctors;

    JdbcNotificationsPersonalData(JdbcClient jdbc, UserContacts contacts, DoctorCatalog doctors) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.doctors = doctors;
    }

    @Override
    public String part() {
        return "notifications";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        List<Object> records = new ArrayList<>();
        for (Map<String, Object> row : jdbc.sql("""
                SELECT id, kind, category, title, body, data::text AS data, language, time_zone, in_app, created_at,
                       read_at, event_id
                FROM notifications WHERE recipient_id = :user ORDER BY created_at, id
                """).param("user", userId).query().listOfRows()) {
            Map<String, Object> record = new LinkedHashMap<>(row);
            Object eventId = record.remove("event_id");
            record.put("type", "notification");
            // a notification's deliveries share its event and recipient (their unique key's first columns)
            record.put("deliveries", jdbc.sql("""
                    SELECT channel, status, attempts, created_at, finished_at FROM notification_deliveries
                    WHERE event_id = :event AND recipient_id = :user ORDER BY created_at
                    """).param("event", eventId).param("user", userId).query().listOfRows());
            records.add(record);
        }
        jdbc.sql("""
                SELECT 'preferences' AS type, categories::text AS categories, quiet_start::text AS quiet_start,
                       quiet_end::text AS quiet_end, time_zone, updated_at
                FROM notification_preferences WHERE user_id = :user
                """).param("user", userId).query().listOfRows().forEach(records::add);
        jdbc.sql("""
                SELECT 'device' AS type, id, platform, address, created_at, registered_at FROM devices
                WHERE user_id = :user ORDER BY created_at
                """).param("user", userId).query().listOfRows().forEach(records::add);
        return PersonalDataPart.of(records);
    }

    /**
     * Also takes the person's name out of the notifications others received about them or from them
     * (bookings, chat digests; for a doctor, every notice about a booking with them, under the account's
     * name and the profile's); the account and the profile are erased after this, so both names can still be
     * looked up here.
     */
    @Override
    public void erase(UUID userId, Instant now) {
        Set<String> names = new LinkedHashSet<>();
        Optional.ofNullable(contacts.find(List.of(userId)).get(userId)).map(UserContacts.Contact::name)
                .ifPresent(names::add);
        doctors.find(userId).map(DoctorSnapshot::name).ifPresent(names::add);
        names.removeIf(name -> name == null || name.isBlank());
        for (String name : names) {
            // the name as it stands inside a JSON string, so data is rewritten without parsing every key
            jdbc.sql("""
                    UPDATE notifications SET title = replace(title, :name, :erased), body = replace(body, :name, :erased),
                           data = replace(data::text, btrim(to_jsonb(CAST(:name AS text))::text, '"'), :erased)::jsonb
                    WHERE (data ->> 'patientId' = :person OR data ->> 'senderId' = :person
                           OR data ->> 'doctorId' = :person) AND recipient_id <> :user
                    """).param("name", name).param("erased", ERASED).param("person", userId.toString())
                    .param("user", userId).update();
        }
        jdbc.sql("""
                WITH gone AS (DELETE FROM notifications WHERE recipient_id = :user RETURNING event_id, recipient_id)
                DELETE FROM notification_deliveries d USING gone g
                WHERE d.event_id = g.event_id AND d.recipient_id = g.recipient_id
                """).param("user", userId).update();
        jdbc.sql("DELETE FROM notification_unread WHERE user_id = :user").param("user", userId).update();
        jdbc.sql("DELETE FROM notification_preferences WHERE user_id = :user").param("user", userId).update();
        jdbc.sql("DELETE FROM devices WHERE user_id = :user").param("user", userId).update();
    }
}
