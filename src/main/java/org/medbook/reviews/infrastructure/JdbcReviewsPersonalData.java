package org.medbook.reviews.infrastructure;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reviews the user wrote (or received, as a doctor) and reviews they reported. Erasure keeps the rating
 * of each review they wrote, so doctors' averages stay true, but removes its text and the doctor's reply
 * to it and shows it as anonymous; their reports of other reviews are deleted.
 */
@Component
class JdbcReviewsPersonalData implements PersonalData {

    /**
     * Reviews of an erased doctor are kept anonymised rather than deleted: each is also its patient's record of
     * a visit (in their export, and counted in the platform's figures), so deleting it would erase the
     * patient's data on someone else's request. What could name the doctor goes: the patient's text (reviews
     * often name their doctor), the doctor's reply and the reports about them; the rating stays, hidden,
     * since the profile it rated is gone.
     */
    static final String ABOUT_ERASED_DOCTOR = "doctor's account erased";

    private final JdbcClient jdbc;

    JdbcReviewsPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String part() {
        return "reviews";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        List<Object> records = new ArrayList<>(jdbc.sql("""
                SELECT 'written' AS direction, id, booking_id, doctor_id, patient_id, rating, text, anonymous,
                       visit_start, created_at, updated_at, reply_text, replied_at, hidden, hidden_reason
                FROM reviews WHERE patient_id = :user ORDER BY created_at, id
                """).param("user", userId).query().listOfRows());
        // a doctor's received reviews with their replies, as the doctor's own list shows them: without the author
        records.addAll(jdbc.sql("""
                SELECT 'received' AS direction, id, booking_id, doctor_id, rating, text, anonymous, visit_start, created_at,
                       updated_at, reply_text, replied_at, hidden, hidden_reason
                FROM reviews WHERE doctor_id = :user ORDER BY created_at, id
                """).param("user", userId).query().listOfRows());
        records.addAll(jdbc.sql("""
                SELECT review_id AS reported_review_id, reason AS report_reason, created_at
                FROM review_reports WHERE reporter_id = :user ORDER BY created_at
                """).param("user", userId).query().listOfRows());
        return PersonalDataPart.of(records);
    }

    @Override
    public void erase(UUID userId, Instant now) {
        jdbc.sql("""
                UPDATE reviews SET text = NULL, reply_text = NULL, replied_at = NULL, anonymous = true, updated_at = :now
                WHERE patient_id = :user
                """).param("user", userId).param("now", now.atOffset(ZoneOffset.UTC)).update();
        jdbc.sql("DELETE FROM review_reports WHERE reporter_id = :user").param("user", userId).update();
        // reviews about an erased doctor: see ABOUT_ERASED_DOCTOR
        jdbc.sql("DELETE FROM review_reports WHERE review_id IN (SELECT id FROM reviews WHERE doctor_id = :user)")
                .param("user", userId).update();
        jdbc.sql("""
                UPDATE reviews SET text = NULL, reply_text = NULL, replied_at = NULL, hidden = true,
                       hidden_reason = :why, updated_at = :now
                WHERE doctor_id = :user
                """).param("user", userId).param("why", ABOUT_ERASED_DOCTOR).param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }
}
