package org.medbook.shared.privacy;

import java.time.Instant;
import java.util.UUID;

/**
 * One module's share of a person's data: what it hands over in an export and what it erases when the
 * person asks to be forgotten. Every module that keeps something about a user implements it on its own
 * tables, so the export and the erasure never read another module's tables; a new module that stores
 * personal data adds one bean and is part of both at once.
 * <p>
 * Erasure runs all contributors in one transaction, in {@link #erasureOrder()} (lowest first), so a
 * failure anywhere leaves the account untouched; what the law requires to be kept (bookings and
 * payments for the accounts, the audit trail) stays, without anything that names the person.
 */
public interface PersonalData {

    /** Erased first: work that other modules must still see the person for (cancelling bookings). */
    int FIRST = 0;
    /** Erased last: the account itself (contacts, sign-in), once every module has finished. */
    int LAST = 1000;

    /** The part's name: the JSON file in the export ({@code <part>.json}) and its heading in the summary. */
    String part();

    /** What the module holds about the user, ready to be written as JSON. */
    PersonalDataPart export(UUID userId);

    /** Deletes or anonymises what the module holds about the user, in the caller's transaction. */
    void erase(UUID userId, Instant now);

    default int erasureOrder() {
        return 500;
    }
}
