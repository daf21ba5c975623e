package org.medbook.identity.application;

import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/** The caller of a second-factor route: an active staff account (patients have no second factor). */
final class StaffMember {

    private StaffMember() {
    }

    static User active(Users users, UUID userId) {
        User user = users.findById(new UserId(userId)).orElseThrow(() -> MedbookException.notFound("User"));
        user.ensureActive();
        if (!user.isStaff()) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "staff-only", "Second factors are for staff accounts");
        }
        return user;
    }
}
