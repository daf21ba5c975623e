/**
 * The doctor search read model: a projection of verified, active doctors fed by doctor events,
 * with a spatial index, the offered time as runs of slots and the rating the reviews module keeps.
 * Booked time is not copied: queries subtract the booking module's {@code booked_times} view, so
 * bookings never write here. Nothing depends on this module.
 */
@ApplicationModule(displayName = "Search", allowedDependencies = {"shared :: *", "doctors", "reviews"})
package org.medbook.search;

import org.springframework.modulith.ApplicationModule;
