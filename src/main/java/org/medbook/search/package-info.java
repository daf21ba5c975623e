/**
 * The doctor search read model: a projection of verified, active doctors fed by doctor events,
 * with a spatial index and materialised free slots. Nothing depends on this module.
 */
@ApplicationModule(displayName = "Search", allowedDependencies = {"shared :: *", "doctors", "booking"})
package org.medbook.search;

import org.springframework.modulith.ApplicationModule;
