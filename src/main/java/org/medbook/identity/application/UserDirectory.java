package org.medbook.identity.application;

import org.medbook.identity.Role;
import org.medbook.identity.domain.AccountStatus;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

/** Read side of the user list for the back office. */
public interface UserDirectory {

    /** @param text matches name or e-mail, case-insensitively; all parts optional */
    record UserSearch(String text, Role role, AccountStatus status) {
    }

    PageView<UserView> search(UserSearch search, PageRequest page);
}
