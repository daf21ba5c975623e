package org.medbook.identity.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NIST SP 800-63B: a password is compared in Unicode normal form C, so the same characters typed on a
 * keyboard that composes them differently (an "é" as one character, or as "e" and a combining accent)
 * are the same password. Hashes made before this still work, and are replaced at the next sign-in.
 */
class PasswordNormalisationTests extends IntegrationTest {

    private static final String LOGIN = "/api/v1/auth/login";
    /** "Café au lait, s'il vous plaît" with both accents as combining characters (NFD). */
    private static final String DECOMPOSED = "Cafe\u0301 au lait, s'il vous plai\u0302t";
    private static final String COMPOSED = Normalizer.normalize(DECOMPOSED, Normalizer.Form.NFC);

    @Test
    void aPasswordChosenInOneNormalFormSignsInWhenTypedInTheOther() {
        assertThat(COMPOSED).isNotEqualTo(DECOMPOSED).contains("é").contains("î");
        StaffAccount decomposedChooser = newStaffAccount("HELPER", List.of());
        StaffAccount composedChooser = newStaffAccount("HELPER", List.of());

        activateStaff(decomposedChooser.email(), decomposedChooser.temporaryPassword(), DECOMPOSED);
        activateStaff(composedChooser.email(), composedChooser.temporaryPassword(), COMPOSED);

        assertSignsIn(decomposedChooser.email(), COMPOSED);
        assertSignsIn(decomposedChooser.email(), DECOMPOSED);
        assertSignsIn(composedChooser.email(), DECOMPOSED);
        assertSignsIn(composedChooser.email(), COMPOSED);
    }

    @Test
    void theNewPasswordMustDifferFromTheCurrentOneInEveryNormalForm() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String token = activateStaff(helper.email(), helper.temporaryPassword(), DECOMPOSED).text("accessToken");

        Api.Response same = api.post("/api/v1/auth/password",
                Map.of("currentPassword", DECOMPOSED, "newPassword", COMPOSED), token);

        assertThat(same.status()).as(same.toString()).isEqualTo(400);
        assertThat(same.problem()).isEqualTo("weak-password");
    }

    @Test
    void aHashMadeFromThePasswordAsTypedBeforeNormalisationSignsInOnceAndIsReplaced() throws Exception {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        activateStaff(helper.email(), helper.temporaryPassword(), "A placeholder passphrase");
        // what the password hash looked like when the bytes were hashed as typed
        String legacy = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(DECOMPOSED);
        storeHash(helper.id(), legacy);

        assertSignsIn(helper.email(), DECOMPOSED);

        assertThat(storedHash(helper.id())).startsWith("$argon2id$").isNotEqualTo(legacy);
        assertSignsIn(helper.email(), COMPOSED);
        assertSignsIn(helper.email(), DECOMPOSED);
    }

    private void assertSignsIn(String email, String password) {
        Api.Response login = api.post(LOGIN, Map.of("email", email, "password", password));
        assertThat(login.status()).as("%s with %s: %s", email, password.equals(COMPOSED) ? "NFC" : "NFD", login)
                .isEqualTo(200);
    }

    private static void storeHash(String userId, String hash) throws Exception {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement update = connection.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?")) {
            update.setString(1, hash);
            update.setObject(2, UUID.fromString(userId));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static String storedHash(String userId) throws Exception {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement query = connection.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
            query.setObject(1, UUID.fromString(userId));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
