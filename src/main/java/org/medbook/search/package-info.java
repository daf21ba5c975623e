/**
 * The doctor search read model: a projection of verified, active doctors fed by doctor events,
 * with a spatial index, materialised free slots and the rating the reviews module keeps. Nothing depends on this module.
 */
@ApplicationModule(displayName = "Search", allowedDependencies = {"shared :: *", "doctors", "booking", "reviews"})
package org.medbook.search;

import org.springframework.modulith.ApplicationModule;
