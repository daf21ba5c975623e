package org.medbook.booking.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.Bookings;
import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.booking.domain.BookingLimits;
import org.medbook.booking.domain.BookingPolicy;
import org.medbook.doctors.BookedTimes;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.TimeRange;
import org.medbook.payments.PaymentMethod;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Appointments in PostgreSQL. The table's exclusion constraints are the guard against double
 * booking; this adapter turns their refusal (SQLState 23P01) into a 409 that names the conflict.
 * It is also the doctors module's {@link BookedTimes}, so free slots leave booked time out.
 */
@Repository
class JdbcAppointments implements Appointments, BookedTimes {

    private static final String ACTIVE = "('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED')";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final Clock clock;

    JdbcAppointments(JdbcClient jdbc, FieldCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * A booking's history tells: still confirmed or awaiting approval, ended as a visit, paid or decided
     * on by the doctor before a cancellation, or a cash booking (confirmed or awaiting approval from the
     * start) cancelled later.
     */
    @Override
    public boolean everConfirmed(UUID patientId, UUID doctorId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM appointments a
                               WHERE a.patient_id = :patient AND a.doctor_id = :doctor
                                 AND (a.status IN ('PENDING_APPROVAL', 'CONFIRMED', 'COMPLETED', 'NO_SHOW')
                                      OR (a.status = 'CANCELLED' AND a.payment_method = 'CASH')
                                      OR EXISTS (SELECT 1 FROM appointment_changes c
                                                 WHERE c.appointment_id = a.id
                                                   AND c.change IN ('PAID', 'APPROVED', 'DECLINED'))))
                """).param("patient", patientId).param("doctor", doctorId).query(Boolean.class).single();
    }

    @Override
    public Optional<Appointment> find(UUID id) {
        return jdbc.sql("SELECT * FROM appointments WHERE id = :id").param("id", id).query(this::map).optional();
    }

    @Override
    public List<Appointment> findAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Appointment> byId = jdbc.sql("SELECT * FROM appointments WHERE id IN (:ids)").param("ids", ids)
                .query(this::map).list().stream().collect(Collectors.toMap(Appointment::id, a -> a));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    @Override
    public Optional<Appointment> lock(UUID id) {
        return jdbc.sql("SELECT * FROM appointments WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    @Override
    public void add(Appointment a, UUID actorId) {
        guarded(() -> jdbc.sql("""
                WITH booked AS (
                    INSERT INTO appointments (id, patient_id, doctor_id, status, starts_at, ends_at, type, location_id, time_zone,
                                              reason_enc, payment_method, amount_minor, currency, hold_expires_at,
                                              free_cancellation_until, free_cancellation_notice_s, grace_until, requires_approval,
                                              rebooked_from, created_at, updated_at, changed_tx)
                    VALUES (:id, :patient, :doctor, :status, :start, :end, :type, :location, :zone, :reason, :method, :amount,
                            :currency, :hold, :freeUntil, :notice, :grace, :approval, :rebookedFrom, :now, :now,
                            pg_current_xact_id())
                    RETURNING id, starts_at
                )
                INSERT INTO appointment_changes (appointment_id, changed_at, actor_id, change, old_starts_at, new_starts_at, note)
                SELECT id, :now, :actor, 'BOOKED', NULL, starts_at, :method FROM booked
                """)
                .param("actor", actorId)
                .param("id", a.id()).param("patient", a.patientId()).param("doctor", a.doctorId())
                .param("status", a.status().name()).param("start", utc(a.start())).param("end", utc(a.end()))
                .param("type", a.type().name()).param("location", a.locationId()).param("zone", a.timeZone())
                .param("reason", a.reason() == null ? null : cipher.encrypt(a.reason(), "appointments.reason:" + a.id()))
                .param("method", a.paymentMethod().name()).param("amount", a.price().amountMinor())
                .param("currency", a.price().currency()).param("hold", utc(a.holdExpiresAt()))
                .param("freeUntil", utc(a.freeCancellationUntil()))
                .param("notice", a.freeCancellationNotice().toSeconds()).param("grace", utc(a.graceUntil()))
                .param("approval", a.requiresApproval())
                .param("rebookedFrom", a.rebookedFrom()).param("now", utc(clock.instant()))
                .update());
    }

    @Override
    public void update(Appointment a) {
        int updated = guarded(() -> jdbc.sql("""
                UPDATE appointments SET status = :status, starts_at = :start, ends_at = :end, location_id = :location,
                       hold_expires_at = :hold, free_cancellation_until = :freeUntil, cancelled_by = :cancelledBy,
                       cancellation_reason = :cancellationReason, updated_at = :now, version = version + 1,
                       changed_tx = pg_current_xact_id()
                WHERE id = :id AND version = :version
                """)
                .param("status", a.status().name()).param("start", utc(a.start())).param("end", utc(a.end()))
                .param("location", a.locationId()).param("hold", utc(a.holdExpiresAt()))
                .param("freeUntil", utc(a.freeCancellationUntil()))
                .param("cancelledBy", a.cancelledBy() == null ? null : a.cancelledBy().name())
                .param("cancellationReason", a.cancellationReason()).param("now", utc(clock.instant()))
                .param("id", a.id()).param("version", a.version())
                .update());
        if (updated == 0) {
            throw new MedbookException(ProblemKind.CONFLICT, "stale-version",
                    "The booking was changed meanwhile; reload and try again");
        }
    }

    /**
     * The feed's order is the index on (changed_tx, id); its bound is the oldest transaction still running
     * when the statement's snapshot was taken: every change below it has committed (and is seen by that
     * snapshot) or rolled back, and none can be added below it any more.
     */
    @Override
    public List<Bookings.ChangedBooking> changedAfter(Bookings.FeedPosition after, int limit) {
        return jdbc.sql("""
                SELECT id, status, doctor_id, patient_id, starts_at, ends_at, type, location_id, time_zone, payment_method,
                       amount_minor, currency, requires_approval, version, created_at, cancelled_by,
                       CAST(CAST(changed_tx AS text) AS bigint) AS changed_tx
                FROM appointments
                WHERE changed_tx < pg_snapshot_xmin(pg_current_snapshot())
                  AND (changed_tx, id) > (CAST(CAST(:tx AS text) AS xid8), :id)
                ORDER BY changed_tx, id
                LIMIT :limit""")
                .param("tx", after.transaction()).param("id", after.bookingId()).param("limit", limit)
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Bookings.ChangedBooking(new Bookings.BookingSnapshot(id,
                            AppointmentStatus.valueOf(rs.getString("status")), rs.getObject("doctor_id", UUID.class),
                            rs.getObject("patient_id", UUID.class), instant(rs, "starts_at"), instant(rs, "ends_at"),
                            rs.getString("type"), rs.getObject("location_id", UUID.class), rs.getString("time_zone"),
                            rs.getString("payment_method"), rs.getLong("amount_minor"), rs.getString("currency"),
                            rs.getBoolean("requires_approval"), rs.getInt("version")),
                            instant(rs, "created_at"), rs.getString("cancelled_by"),
                            new Bookings.FeedPosition(rs.getLong("changed_tx"), id));
                })
                .list();
    }

    @Override
    public ForBooking lockForBooking(UUID patientId, UUID doctorId, UUID replacing, Instant now) {
        // One patient's bookings take turns until commit: a concurrent one must see this one's row.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('patient-bookings:' || CAST(:patient AS text), 0))")
                .param("patient", patientId).query((rs, n) -> 1).list();
        return jdbc.sql("""
                WITH live AS (
                    SELECT id, doctor_id, status, starts_at, rebooked_from FROM appointments
                    WHERE patient_id = :patient
                      AND (status IN ('PENDING_APPROVAL', 'CONFIRMED') OR (status = 'PENDING_PAYMENT' AND hold_expires_at > :now))
                ), replaced AS (
                    -- a rebooking does not count the booking it replaces, unless another booking replaced that one already
                    SELECT id FROM live WHERE id = CAST(:replacing AS uuid)
                      AND NOT EXISTS (SELECT 1 FROM live other WHERE other.rebooked_from = live.id)
                )
                SELECT count(*) FILTER (WHERE status = 'PENDING_PAYMENT'),
                       count(*) FILTER (WHERE starts_at > :now AND doctor_id = :doctor AND id NOT IN (SELECT id FROM replaced)),
                       count(*) FILTER (WHERE starts_at > :now AND id NOT IN (SELECT id FROM replaced)),
                       (SELECT free_cancellation_hours FROM booking_policies WHERE doctor_id = :doctor),
                       (SELECT requires_approval FROM booking_policies WHERE doctor_id = :doctor)
                FROM live
                """).param("patient", patientId).param("doctor", doctorId).param("replacing", replacing)
                .param("now", utc(now))
                .query((rs, n) -> new ForBooking(new BookingLimits.PatientBookings(rs.getInt(1), rs.getInt(2), rs.getInt(3)),
                        rs.getObject(4) == null ? BookingPolicy.platformDefault()
                                : new BookingPolicy(rs.getInt(4), rs.getBoolean(5))))
                .single();
    }

    @Override
    public List<UUID> activeOfPatientStartingAfter(UUID patientId, Instant now) {
        return jdbc.sql("""
                SELECT id FROM appointments
                WHERE patient_id = :patient AND starts_at > :now
                  AND status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED')
                ORDER BY starts_at
                """).param("patient", patientId).param("now", now.atOffset(ZoneOffset.UTC)).query(UUID.class).list();
    }

    @Override
    public List<UUID> activeOfDoctorStartingAfter(UUID doctorId, Instant now) {
        return jdbc.sql("""
                SELECT id FROM appointments
                WHERE doctor_id = :doctor AND starts_at > :now
                  AND status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED')
                ORDER BY starts_at
                """).param("doctor", doctorId).param("now", now.atOffset(ZoneOffset.UTC)).query(UUID.class).list();
    }

    @Override
    public List<Appointment> lockExpiredHolds(Instant now, int limit) {
        return jdbc.sql("""
                SELECT * FROM appointments WHERE status = 'PENDING_PAYMENT' AND hold_expires_at <= :now
                ORDER BY hold_expires_at LIMIT :limit FOR UPDATE SKIP LOCKED
                """).param("now", utc(now)).param("limit", limit).query(this::map).list();
    }

    @Override
    public List<TimeRange> busy(UUID doctorId, Instant from, Instant to) {
        return jdbc.sql("SELECT starts_at, ends_at FROM appointments WHERE doctor_id = :doctor AND status IN " + ACTIVE
                        + " AND ends_at > :from AND starts_at < :to")
                .param("doctor", doctorId).param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> new TimeRange(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public void recordChange(UUID appointmentId, Instant at, UUID actorId, String change, Instant oldStart, Instant newStart,
            String note) {
        jdbc.sql("""
                INSERT INTO appointment_changes (appointment_id, changed_at, actor_id, change, old_starts_at, new_starts_at, note)
                VALUES (:id, :at, :actor, :change, :old, :new, :note)
                """)
                .param("id", appointmentId).param("at", utc(at)).param("actor", actorId).param("change", change)
                .param("old", utc(oldStart)).param("new", utc(newStart)).param("note", note)
                .update();
    }

    @Override
    public BookingPolicy policyOf(UUID doctorId) {
        return jdbc.sql("SELECT free_cancellation_hours, requires_approval FROM booking_policies WHERE doctor_id = :id")
                .param("id", doctorId).query((rs, n) -> new BookingPolicy(rs.getInt(1), rs.getBoolean(2))).optional()
                .orElse(BookingPolicy.platformDefault());
    }

    @Override
    public void setPolicy(UUID doctorId, BookingPolicy policy) {
        jdbc.sql("""
                INSERT INTO booking_policies (doctor_id, free_cancellation_hours, requires_approval) VALUES (:id, :hours, :approval)
                ON CONFLICT (doctor_id) DO UPDATE SET free_cancellation_hours = EXCLUDED.free_cancellation_hours,
                    requires_approval = EXCLUDED.requires_approval
                """).param("id", doctorId).param("hours", policy.freeCancellationHours())
                .param("approval", policy.requiresApproval()).update();
    }

    private Appointment map(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Instant start = instant(rs, "starts_at");
        byte[] reason = rs.getBytes("reason_enc");
        String cancelledBy = rs.getString("cancelled_by");
        return new Appointment(id, rs.getObject("patient_id", UUID.class), rs.getObject("doctor_id", UUID.class),
                AppointmentStatus.valueOf(rs.getString("status")), start, instant(rs, "ends_at"),
                ConsultationType.valueOf(rs.getString("type")), rs.getObject("location_id", UUID.class),
                rs.getString("time_zone"), PaymentMethod.valueOf(rs.getString("payment_method")),
                new Money(rs.getLong("amount_minor"), rs.getString("currency")), instant(rs, "hold_expires_at"),
                rs.getBoolean("requires_approval"), Duration.ofSeconds(rs.getLong("free_cancellation_notice_s")),
                instant(rs, "grace_until"),
                reason == null ? null : cipher.decrypt(reason, "appointments.reason:" + id),
                cancelledBy == null ? null : Actor.valueOf(cancelledBy), rs.getString("cancellation_reason"),
                rs.getObject("rebooked_from", UUID.class), instant(rs, "created_at"), rs.getInt("version"));
    }

    /** Runs a write, turning an exclusion-constraint refusal into the 409 it means. */
    private static int guarded(java.util.function.IntSupplier write) {
        try {
            return write.getAsInt();
        } catch (DataIntegrityViolationException e) {
            String message = String.valueOf(e.getMostSpecificCause().getMessage());
            if (isExclusionViolation(e) && message.contains("appointments_patient_no_overlap")) {
                throw new MedbookException(ProblemKind.CONFLICT, "overlapping-booking",
                        "You already have a booking at that time");
            }
            if (isExclusionViolation(e)) {
                throw new MedbookException(ProblemKind.CONFLICT, "slot-unavailable", "That time has just been taken");
            }
            throw e;
        } catch (PessimisticLockingFailureException e) {
            // Two simultaneous inserts racing for one range can deadlock inside the exclusion check;
            // PostgreSQL aborts one of them: for that caller the time was taken.
            throw new MedbookException(ProblemKind.CONFLICT, "slot-unavailable", "That time has just been taken");
        }
    }

    private static boolean isExclusionViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23P01".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
