package org.medbook.identity.infrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.medbook.identity.application.IdentityProperties;
import org.medbook.identity.application.RevokedTokens;
import org.medbook.identity.domain.Revocation;
import org.medbook.identity.domain.Revocations;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this node's {@link RevokedTokens} current. At start it loads every revocation still needed;
 * then it listens on its own PostgreSQL connection (LISTEN/NOTIFY, the trigger of
 * {@code session_revocations}), so a revocation committed on any node arrives here within
 * milliseconds. A lost connection is reopened with growing pauses and followed by a full load; a
 * short poll of the recent rows catches anything missed in between. It also purges rows no longer
 * needed.
 */
@Component
class RevocationFeed implements SmartLifecycle {

    static final String APPLICATION_NAME = "medbook-revocations";

    private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);
    /** A poll reads again what was stored this long before the previous one: a transaction may commit late. */
    private static final Duration POLL_OVERLAP = Duration.ofMinutes(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final int WAIT_MILLIS = 250;

    private final Revocations revocations;
    private final RevokedTokens revoked;
    private final JdbcConnectionDetails database;
    private final IdentityProperties.Revocations settings;
    private final Clock clock;

    private volatile boolean running;
    private volatile Connection listening;
    private Thread worker;

    RevocationFeed(Revocations revocations, RevokedTokens revoked, JdbcConnectionDetails database,
            IdentityProperties properties, Clock clock) {
        this.revocations = revocations;
        this.revoked = revoked;
        this.database = database;
        this.settings = properties.revocations();
        this.clock = clock;
    }

    /** Before the web server opens, so no request is ever checked against an empty list. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public void start() {
        try {
            loadAll();
        } catch (RuntimeException e) {
            log.warn("Could not load the revoked sessions at start; retrying in the background: {}", e.toString());
        }
        running = true;
        worker = Thread.ofPlatform().daemon().name("revocation-feed").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        closeListening();
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        long nextPoll = System.nanoTime() + settings.pollEvery().toNanos();
        long nextPurge = System.nanoTime();
        long nextConnect = System.nanoTime();
        Duration pause = settings.firstReconnect();
        while (running) {
            if (listening == null && System.nanoTime() - nextConnect >= 0) {
                try {
                    listening = listen();
                    loadAll();
                    pause = settings.firstReconnect();
                } catch (SQLException | RuntimeException e) {
                    closeListening();
                    log.warn("Cannot listen for session revocations ({}); trying again in {} s", e.toString(), pause.toSeconds());
                    nextConnect = System.nanoTime() + pause.toNanos();
                    pause = pause.multipliedBy(2).compareTo(settings.maxReconnect()) > 0 ? settings.maxReconnect() : pause.multipliedBy(2);
                }
            }
            if (listening != null) {
                receive();
            } else {
                sleep();
            }
            if (System.nanoTime() - nextPoll >= 0) {
                poll();
                nextPoll = System.nanoTime() + settings.pollEvery().toNanos();
            }
            if (System.nanoTime() - nextPurge >= 0) {
                purge();
                nextPurge = System.nanoTime() + PURGE_EVERY.toNanos();
            }
        }
    }

    private Connection listen() throws SQLException {
        Properties properties = new Properties();
        if (database.getUsername() != null) {
            properties.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        Connection connection = DriverManager.getConnection(database.getJdbcUrl(), properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + JdbcRevocations.CHANNEL);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        log.debug("Listening for session revocations");
        return connection;
    }

    /** Waits a little for notifications and applies them. */
    private void receive() {
        Connection connection = listening;
        if (connection == null) {
            return;
        }
        try {
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
            if (notifications == null || notifications.length == 0) {
                return;
            }
            List<Revocation> heard = new ArrayList<>();
            for (PGNotification notification : notifications) {
                JdbcRevocations.parse(notification.getParameter()).ifPresentOrElse(heard::add,
                        () -> log.warn("Ignored a malformed revocation notice"));
            }
            revoked.remember(heard);
        } catch (SQLException e) {
            if (running) {
                log.warn("Lost the connection that listens for session revocations: {}", e.toString());
            }
            closeListening();
        }
    }

    /** The safety net: what was stored lately, whether or not it was heard; also checks the listening connection. */
    private void poll() {
        try {
            revoked.remember(revocations.recordedWithin(settings.pollEvery().plus(POLL_OVERLAP)));
        } catch (RuntimeException e) {
            log.debug("Could not poll the session revocations: {}", e.toString());
        }
        revoked.forgetExpired();
        Connection connection = listening;
        try {
            if (connection != null && !connection.isValid(5)) {
                log.warn("The connection that listens for session revocations stopped answering");
                closeListening();
            }
        } catch (SQLException e) {
            closeListening();
        }
    }

    private void purge() {
        try {
            int purged = revocations.purge(clock.instant());
            if (purged > 0) {
                log.debug("Purged {} expired session revocations", purged);
            }
        } catch (RuntimeException e) {
            log.debug("Could not purge the session revocations: {}", e.toString());
        }
    }

    private void loadAll() {
        revoked.remember(revocations.active(clock.instant()));
    }

    private void closeListening() {
        Connection connection = listening;
        listening = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is gone either way
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
