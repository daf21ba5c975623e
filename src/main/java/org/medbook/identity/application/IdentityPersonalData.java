package org.medbook.identity.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.Users;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.stereotype.Component;

/**
 * The account's share: the profile and earlier export requests. Erasing it removes every personal field
 * (name, e-mail, phone, date of birth, language, Google link, password), ends every session and refuses
 * every token issued before, and drops the user's exports; the row itself stays, suspended, because the
 * bookings and payments that must be kept point to its id.
 */
@Component
class IdentityPersonalData implements PersonalData {

    private final Users users;
    private final ExportStore exports;
    private final SessionTermination sessions;

    IdentityPersonalData(Users users, ExportStore exports, SessionTermination sessions) {
        this.users = users;
        this.exports = exports;
        this.sessions = sessions;
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
        users.erase(new UserId(userId), now);
        sessions.endAllSessionsOf(new UserId(userId), now);
        exports.deleteOf(userId);
    }

    @Override
    public int erasureOrder() {
        return LAST;
    }
}
