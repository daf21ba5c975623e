/**
 * Doctor profiles, specialties, practice locations and geocoding, verification, weekly schedules
 * with overrides and time off, and free-slot generation. Other modules read doctors through
 * {@link org.medbook.doctors.DoctorCatalog} and follow {@link org.medbook.doctors.DoctorEvents}.
 */
@ApplicationModule(displayName = "Doctors", allowedDependencies = {"shared :: *", "identity"})
package org.medbook.doctors;

import org.springframework.modulith.ApplicationModule;
