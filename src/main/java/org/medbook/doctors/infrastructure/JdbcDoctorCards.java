package org.medbook.doctors.infrastructure;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.doctors.DoctorCards;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcDoctorCards implements DoctorCards {

    private final JdbcClient jdbc;

    JdbcDoctorCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, Card> cardsOf(Set<UUID> doctorIds) {
        if (doctorIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new HashMap<>();
        Map<UUID, ZoneId> zones = new HashMap<>();
        Map<UUID, Map<UUID, Practice>> practices = new HashMap<>();
        jdbc.sql("""
                        SELECT d.id, d.name, d.time_zone, l.id AS location_id, l.name AS location_name, l.address
                        FROM doctors d LEFT JOIN doctor_locations l ON l.doctor_id = d.id
                        WHERE d.id = ANY(:ids) ORDER BY d.id, l.position""")
                .param("ids", doctorIds.toArray(UUID[]::new))
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    names.put(id, rs.getString("name"));
                    zones.put(id, ZoneId.of(rs.getString("time_zone")));
                    Map<UUID, Practice> own = practices.computeIfAbsent(id, any -> new LinkedHashMap<>());
                    UUID location = rs.getObject("location_id", UUID.class);
                    if (location != null) {
                        own.put(location, new Practice(location, rs.getString("location_name"), rs.getString("address")));
                    }
                });
        Map<UUID, Card> cards = new HashMap<>();
        names.forEach((id, name) -> cards.put(id, new Card(id, name, zones.get(id), Map.copyOf(practices.get(id)))));
        return cards;
    }
}
