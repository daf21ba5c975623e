/**
 * Ratings and reviews of completed visits (one per booking, editable for a while), the doctor's
 * reply, reports by patients and moderation by staff, each doctor's average and count (the figure
 * the profile and search show), and the invitation to review a visit a day after it.
 */
@ApplicationModule(displayName = "Reviews", allowedDependencies = {"shared :: *", "audit", "booking", "identity", "doctors"})
package org.medbook.reviews;

import org.springframework.modulith.ApplicationModule;
