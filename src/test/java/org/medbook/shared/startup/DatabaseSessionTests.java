package org.medbook.shared.startup;

import org.junit.jupiter.api.Test;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** What every connection of the pool is set to before the application uses it. */
class DatabaseSessionTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void postgresJitCompilationIsOffOnTheApplicationsConnections() {
        // the server's own default is on (PostgreSQL 11 and later), so this is the pool's doing
        assertThat(jdbc.sql("SELECT boot_val FROM pg_settings WHERE name = 'jit'").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("SHOW jit").query(String.class).single()).isEqualTo("off");
    }
}
