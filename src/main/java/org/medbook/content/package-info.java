/**
 * Content: FAQs per category and language, and versioned policies (terms, privacy, cancellation)
 * with their effective dates and every user's acceptances.
 */
@ApplicationModule(displayName = "Content", allowedDependencies = {"shared :: *", "identity"})
package org.medbook.content;

import org.springframework.modulith.ApplicationModule;
