package org.medbook.doctors.infrastructure;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.medbook.doctors.domain.Specialties;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcSpecialties implements Specialties {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcSpecialties(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<Specialty> all() {
        return jdbc.sql("SELECT code, name FROM specialties ORDER BY name")
                .query((rs, n) -> new Specialty(rs.getString(1), rs.getString(2))).list();
    }

    @Override
    public Set<String> unknown(Collection<String> codes) {
        Set<String> known = new HashSet<>(jdbc.sql("SELECT code FROM specialties WHERE code = ANY(:codes)")
                .param("codes", codes.toArray(String[]::new)).query(String.class).list());
        Set<String> unknown = new HashSet<>(codes);
        unknown.removeAll(known);
        return unknown;
    }

    @Override
    public void add(Specialty specialty) {
        try {
            jdbc.sql("INSERT INTO specialties (code, name, created_at) VALUES (:code, :name, :now)")
                    .param("code", specialty.code()).param("name", specialty.name())
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
        } catch (DuplicateKeyException e) {
            throw new MedbookException(ProblemKind.CONFLICT, "specialty-exists", "The specialty " + specialty.code() + " exists");
        }
    }

    @Override
    public boolean rename(String code, String name) {
        return jdbc.sql("UPDATE specialties SET name = :name WHERE code = :code").param("name", name).param("code", code)
                .update() > 0;
    }
}
