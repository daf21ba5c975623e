package org.medbook.doctors.domain;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;

/** A doctor's profile as the platform knows it: who, what, where, for how much, and whether verified. */
public final class Doctor {

    private final UUID id;
    private final String email;
    private String name;
    private String phone;
    private ZoneId zone;
    private String bio;
    private String licenceNumber;
    private Set<String> specialties;
    private List<String> languages;
    private Set<ConsultationType> consultationTypes;
    private Map<ConsultationType, Money> fees;
    private final List<Location> locations;
    private VerificationStatus verification;
    private String rejectionReason;
    private boolean suspended;
    private final int version;

    public Doctor(UUID id, String name, String email, String phone, ZoneId zone, String bio, String licenceNumber,
            Set<String> specialties, List<String> languages, Set<ConsultationType> consultationTypes,
            Map<ConsultationType, Money> fees, List<Location> locations, VerificationStatus verification,
            String rejectionReason, boolean suspended, int version) {
        this.id = Objects.requireNonNull(id);
        this.email = Objects.requireNonNull(email);
        this.zone = Objects.requireNonNull(zone);
        this.verification = Objects.requireNonNull(verification);
        this.locations = new ArrayList<>(locations);
        this.rejectionReason = rejectionReason;
        this.suspended = suspended;
        this.version = version;
        this.name = requireText(name, "name");
        this.phone = phone;
        this.bio = bio;
        this.licenceNumber = requireText(licenceNumber, "licenceNumber");
        this.specialties = Set.copyOf(specialties);
        this.languages = List.copyOf(languages);
        setOffer(consultationTypes, fees);
        if (this.specialties.isEmpty()) {
            throw rule("A doctor has at least one specialty");
        }
    }

    /** A new doctor starts unverified: not searchable, not bookable. */
    public static Doctor register(UUID id, String name, String email, String phone, ZoneId zone, String bio,
            String licenceNumber, Set<String> specialties, List<String> languages, Set<ConsultationType> types,
            Map<ConsultationType, Money> fees, List<Location> locations) {
        if (types.contains(ConsultationType.IN_PERSON) && locations.isEmpty()) {
            throw rule("In-person consultations need at least one practice location");
        }
        return new Doctor(id, name, email, phone, zone, bio, licenceNumber, specialties, languages, types, fees,
                locations, VerificationStatus.PENDING, null, false, 0);
    }

    /** Searchable and bookable: verified by the platform and not suspended. */
    public boolean isBookable() {
        return verification == VerificationStatus.VERIFIED && !suspended;
    }

    public void verify() {
        if (verification == VerificationStatus.VERIFIED) {
            throw new MedbookException(ProblemKind.CONFLICT, "already-verified", "The doctor is already verified");
        }
        verification = VerificationStatus.VERIFIED;
        rejectionReason = null;
    }

    public void reject(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "validation-failed", "A rejection needs a reason");
        }
        verification = VerificationStatus.REJECTED;
        rejectionReason = reason.strip();
    }

    public void suspend() {
        if (suspended) {
            throw new MedbookException(ProblemKind.CONFLICT, "already-suspended", "The doctor is already suspended");
        }
        suspended = true;
    }

    public void reinstate() {
        if (!suspended) {
            throw new MedbookException(ProblemKind.CONFLICT, "not-suspended", "The doctor is not suspended");
        }
        suspended = false;
    }

    /** What a doctor may change about themselves. */
    public void editOwnProfile(String bio, List<String> languages, String phone) {
        if (bio != null) {
            this.bio = bio.isBlank() ? null : bio.strip();
        }
        if (languages != null) {
            this.languages = List.copyOf(languages);
        }
        if (phone != null) {
            this.phone = phone;
        }
    }

    /** What only the platform may change. Null leaves a field as it is. */
    public void editAsPlatform(String name, String licenceNumber, Set<String> specialties, ZoneId zone,
            Set<ConsultationType> types, Map<ConsultationType, Money> fees) {
        if (name != null) {
            this.name = requireText(name, "name");
        }
        if (licenceNumber != null) {
            this.licenceNumber = requireText(licenceNumber, "licenceNumber");
        }
        if (specialties != null) {
            if (specialties.isEmpty()) {
                throw rule("A doctor has at least one specialty");
            }
            this.specialties = Set.copyOf(specialties);
        }
        if (zone != null) {
            this.zone = zone;
        }
        if (types != null || fees != null) {
            setOffer(types == null ? consultationTypes : types, fees == null ? this.fees : fees);
        }
    }

    public void addLocation(Location location) {
        locations.add(location);
    }

    public Location location(UUID locationId) {
        return locations.stream().filter(location -> location.id().equals(locationId)).findFirst()
                .orElseThrow(() -> MedbookException.notFound("Location"));
    }

    public void replaceLocation(Location updated) {
        int index = locations.indexOf(location(updated.id()));
        locations.set(index, updated);
    }

    public Optional<Money> feeFor(ConsultationType type) {
        return Optional.ofNullable(fees.get(type));
    }

    private void setOffer(Set<ConsultationType> types, Map<ConsultationType, Money> newFees) {
        if (types == null || types.isEmpty()) {
            throw rule("A doctor offers at least one consultation type");
        }
        for (ConsultationType type : types) {
            if (newFees == null || !newFees.containsKey(type)) {
                throw rule("Every consultation type needs a fee: " + type + " has none");
            }
        }
        if (types.contains(ConsultationType.IN_PERSON) && locations.isEmpty()) {
            throw rule("In-person consultations need at least one practice location");
        }
        this.consultationTypes = EnumSet.copyOf(types);
        Map<ConsultationType, Money> kept = new EnumMap<>(ConsultationType.class);
        types.forEach(type -> kept.put(type, newFees.get(type)));
        this.fees = kept;
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "validation-failed", field + " must not be blank");
        }
        return value.strip();
    }

    private static MedbookException rule(String detail) {
        return new MedbookException(ProblemKind.RULE_BROKEN, "doctor-profile-invalid", detail);
    }

    public UUID id() { return id; }
    public String name() { return name; }
    public String email() { return email; }
    public Optional<String> phone() { return Optional.ofNullable(phone); }
    public ZoneId zone() { return zone; }
    public Optional<String> bio() { return Optional.ofNullable(bio); }
    public String licenceNumber() { return licenceNumber; }
    public Set<String> specialties() { return specialties; }
    public List<String> languages() { return languages; }
    public Set<ConsultationType> consultationTypes() { return consultationTypes; }
    public Map<ConsultationType, Money> fees() { return fees; }
    public List<Location> locations() { return List.copyOf(locations); }
    public VerificationStatus verification() { return verification; }
    public Optional<String> rejectionReason() { return Optional.ofNullable(rejectionReason); }
    public boolean suspended() { return suspended; }
    public int version() { return version; }
}
