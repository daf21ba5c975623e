/**
 * Notifications: in-app (stored, and pushed over STOMP), e-mail, SMS and push; preferences and
 * quiet hours; reminders before visits. Fed by the events other modules publish, through its own
 * outbox table written in the publisher's transaction; nothing depends on this module.
 */
@ApplicationModule(displayName = "Notifications",
        allowedDependencies = {"shared :: *", "audit", "identity", "doctors", "booking", "payments", "visits", "chat",
                "reviews"})
package org.medbook.notifications;

import org.springframework.modulith.ApplicationModule;
