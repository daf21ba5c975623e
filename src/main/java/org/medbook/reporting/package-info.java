/**
 * Doctor earnings and booking reports and platform statistics, from a read model of its own that
 * events from bookings, payments, reviews, doctors and identity feed after commit. Nothing depends
 * on this module.
 */
@ApplicationModule(displayName = "Reporting",
        allowedDependencies = {"shared :: *", "booking", "payments", "reviews", "doctors", "identity"})
package org.medbook.reporting;

import org.springframework.modulith.ApplicationModule;
