package org.medbook.identity.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.MfaChallenges;
import org.medbook.identity.domain.PasskeyCeremonies;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.Users;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.stereotype.Component;

/**
 * The account's share: the profile and earlier export requests. Erasing it removes every personal field
 * (name, e-mail, phone, date of birth, language, Google link, password), ends every session and refuses
 * every token issued before, drops the user's exports and a staff member's second factors (authenticator
 * secret, recovery codes, passkeys with their user handle, ceremonies and sign-ins in progress); the row itself stays, suspended, because the
 * bookings and payments that must be kept point to its id.
 */
@Component
class IdentityPersonalData implements PersonalData {

    private final Users users;
    private final ExportStore exports;
    private final SessionTermination sessions;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final PasskeyCeremonies ceremonies;
    private final MfaChallenges challenges;

    IdentityPersonalData(Users users, ExportStore exports, SessionTermination sessions, SecondFactors factors,
            Passkeys passkeys, PasskeyCeremonies ceremonies, MfaChallenges challenges) {
        this.users = users;
        this.exports = exports;
        this.sessions = sessions;
        this.factors = factors;
        this.passkeys = passkeys;
        this.ceremonies = ceremonies;
        this.challenges = challenges;
    }

    @Override
    public String part() {
        return "profile";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        List<Object> records = new ArrayList<>();
        users.findById(new UserId(userId)).map(UserView::of).ifPresent(records::add);
        return PersonalDataPart.of(records);
    }

    @Override
    public void erase(UUID userId, Instant now) {
        UserId id = new UserId(userId);
        users.erase(id, now);
        sessions.endAllSessionsOf(id, now);
        exports.deleteOf(userId);
        challenges.endAllOf(id);
        ceremonies.endAllOf(id);
        factors.removeAll(id);
        passkeys.deleteAll(id);
        passkeys.forgetUserHandle(id);
    }

    @Override
    public int erasureOrder() {
        return LAST;
    }
}
