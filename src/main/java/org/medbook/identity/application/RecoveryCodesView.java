package org.medbook.identity.application;

import java.util.List;

/** Recovery codes, shown this once; each signs in once in place of an authenticator code. */
public record RecoveryCodesView(List<String> recoveryCodes) {
}
