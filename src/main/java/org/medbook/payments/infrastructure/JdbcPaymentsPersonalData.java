package org.medbook.payments.infrastructure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's payments with their ledger. They are accounting records: erasure keeps them as they are
 * (amounts, provider references, the booking and account ids), since none of them names the person once
 * the account is erased; the retention period is in the README ("Privacy and compliance").
 */
@Component
class JdbcPaymentsPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    JdbcPaymentsPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String part() {
        return "payments";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        List<Map<String, Object>> payments = jdbc.sql("""
                SELECT id, booking_id, patient_id, doctor_id, method, status, amount_minor, refunded_minor, currency,
                       provider_ref, created_at, updated_at
                FROM payments WHERE patient_id = :user OR doctor_id = :user ORDER BY created_at, id
                """).param("user", userId).query().listOfRows();
        return PersonalDataPart.of(payments.stream().map(this::withLedger).toList());
    }

    private Map<String, Object> withLedger(Map<String, Object> payment) {
        Map<String, Object> record = new LinkedHashMap<>(payment);
        record.put("ledger", jdbc.sql("""
                SELECT recorded_at, entry, amount_minor, currency, provider_ref, note
                FROM payment_ledger WHERE payment_id = :id ORDER BY recorded_at, id
                """).param("id", payment.get("id")).query().listOfRows());
        return record;
    }

    @Override
    public void erase(UUID userId, Instant now) {
        // kept for the accounts; nothing here names the person
    }
}
