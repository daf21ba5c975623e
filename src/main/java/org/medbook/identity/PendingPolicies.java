package org.medbook.identity;

import java.util.List;
import java.util.UUID;

/**
 * Policy versions (terms, privacy) in force that a user has not accepted yet, shown on {@code GET
 * /api/v1/me}. Declared here so identity need not depend on the content module, which provides it.
 */
public interface PendingPolicies {

    List<Pending> of(UUID userId);

    record Pending(String kind, int version) {
    }
}
