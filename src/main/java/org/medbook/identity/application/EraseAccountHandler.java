package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.privacy.PersonalData;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases an account (a patient's, a doctor's or a staff member's): every module erases or anonymises its share ({@link PersonalData}), all in
 * one transaction, in their order (bookings first, so future ones are cancelled and refunded while the
 * patient is still known; the account last). The code is checked in a transaction of its own, so a wrong
 * code counts as a failed attempt even though nothing is erased.
 */
@Component
public class EraseAccountHandler {

    private final Users users;
    private final CodeVerifier codes;
    private final List<PersonalData> contributors;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    EraseAccountHandler(Users users, CodeVerifier codes, List<PersonalData> contributors,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock) {
        this.users = users;
        this.codes = codes;
        this.contributors = contributors.stream().sorted(Comparator.comparingInt(PersonalData::erasureOrder)).toList();
        this.events = events;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    public void handle(EraseAccountCommand command) {
        User user = users.findById(new UserId(command.userId())).orElseThrow(() -> MedbookException.notFound("User"));
        if (command.bySelf()) {
            if (user.isStaff()) {
                throw new MedbookException(ProblemKind.RULE_BROKEN, "staff-account",
                        "Staff and doctor accounts are erased by an administrator, on request");
            }
            checkCode(user, command.code());
        } else if (user.isStaff() && !command.byAdmin()) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden",
                    "Only administrators erase staff and doctor accounts");
        }
        transaction.executeWithoutResult(status -> {
            if (user.roles().contains(Role.ADMIN)) {
                // the administrators' rows stay locked until commit: two erasures cannot leave none between them
                List<UserId> admins = users.lockActiveAdmins();
                if (admins.stream().noneMatch(admin -> !admin.equals(user.id()))) {
                    throw new MedbookException(ProblemKind.RULE_BROKEN, "last-admin",
                            "The last active administrator cannot be erased");
                }
            }
            Instant now = clock.instant();
            for (PersonalData contributor : contributors) {
                contributor.erase(command.userId(), now);
            }
            events.publishEvent(new IdentityEvents.AccountErased(UUID.randomUUID(), now, command.actorId(),
                    command.userId(), command.clientIp()));
        });
    }

    private void checkCode(User user, String code) {
        Destination destination = user.email().<Destination>map(Destination.Email::new)
                .or(() -> user.phone().map(Destination.Phone::new))
                .orElseThrow(() -> new MedbookException(ProblemKind.RULE_BROKEN, "no-contact",
                        "The account has no e-mail or phone to confirm with"));
        Outcome.Refused<Object> refused = transaction.execute(status -> codes.consume(destination, code));
        if (refused != null) {
            // 422, not 401: the caller's token is fine, the code is not (as for a new e-mail's code)
            throw new MedbookException(ProblemKind.RULE_BROKEN, refused.slug(), refused.detail(), refused.properties(),
                    null);
        }
    }
}
