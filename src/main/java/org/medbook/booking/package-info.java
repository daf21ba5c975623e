/**
 * Appointments: holds, confirmation after payment, approval, cancellation, rescheduling, rebooking,
 * policies, completion and no-shows. PostgreSQL's exclusion constraints make a double booking
 * impossible on every write path.
 */
@ApplicationModule(displayName = "Booking", allowedDependencies = {"shared :: *", "audit", "identity", "doctors", "payments"})
package org.medbook.booking;

import org.springframework.modulith.ApplicationModule;
