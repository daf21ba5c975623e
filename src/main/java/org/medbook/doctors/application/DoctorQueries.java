package org.medbook.doctors.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.doctors.BookedTimes;
import org.medbook.doctors.BookingTerms;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorRatings;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.doctors.FreeSlot;
import org.medbook.doctors.OfferedTime;
import org.medbook.doctors.TimeRange;
import org.medbook.doctors.domain.Doctor;
import org.medbook.doctors.domain.Doctors;
import org.medbook.doctors.domain.Schedule;
import org.medbook.doctors.domain.Schedules;
import org.medbook.doctors.domain.SlotCalculator;
import org.medbook.doctors.domain.Specialties;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads of doctors: the public profile and free slots (only for verified, active doctors), the
 * back-office list, and the {@link DoctorCatalog} other modules use.
 */
@Component
public class DoctorQueries implements DoctorCatalog {

    public static final Duration MAX_SLOT_WINDOW = Duration.ofDays(31);

    private final Doctors doctors;
    private final Schedules schedules;
    private final DoctorDirectory directory;
    private final ObjectProvider<BookedTimes> bookedTimes;
    private final ObjectProvider<DoctorRatings> ratings;
    private final Clock clock;

    private final Specialties specialties;

    DoctorQueries(Doctors doctors, Schedules schedules, DoctorDirectory directory, ObjectProvider<BookedTimes> bookedTimes,
            ObjectProvider<DoctorRatings> ratings, Specialties specialties, Clock clock) {
        this.ratings = ratings;
        this.specialties = specialties;
        this.doctors = doctors;
        this.schedules = schedules;
        this.directory = directory;
        this.bookedTimes = bookedTimes;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public DoctorView publicProfile(UUID doctorId) {
        return doctors.findById(doctorId).filter(Doctor::isBookable).map(DoctorView::of)
                .map(view -> view.publicView(ratingOf(doctorId)))
                .orElseThrow(() -> MedbookException.notFound("Doctor"));
    }

    private DoctorRatings.Rating ratingOf(UUID doctorId) {
        DoctorRatings source = ratings.getIfAvailable();
        return source == null ? DoctorRatings.Rating.NONE : source.of(doctorId);
    }

    @Transactional(readOnly = true)
    public DoctorView adminView(UUID doctorId) {
        return doctors.findById(doctorId).map(DoctorView::of).orElseThrow(() -> MedbookException.notFound("Doctor"));
    }

    @Transactional(readOnly = true)
    public PageView<DoctorView> list(DoctorDirectory.Filter filter, PageRequest page) {
        return directory.list(filter, page);
    }

    /** The public slot query: a bookable doctor, a window of at most 31 days. */
    @Transactional(readOnly = true)
    public SlotsView slots(UUID doctorId, Instant from, Instant to, ConsultationType type, UUID locationId) {
        Doctor doctor = doctors.findById(doctorId).filter(Doctor::isBookable)
                .orElseThrow(() -> MedbookException.notFound("Doctor"));
        Instant start = from == null ? clock.instant() : from;
        Instant end = to == null ? start.plus(Duration.ofDays(7)) : to;
        if (!end.isAfter(start)) {
            throw MedbookException.badInput("invalid-parameter", "to must be after from");
        }
        if (Duration.between(start, end).compareTo(MAX_SLOT_WINDOW) > 0) {
            throw MedbookException.badInput("invalid-parameter", "The window from..to is at most 31 days");
        }
        ZoneId zone = doctor.zone();
        List<SlotsView.Slot> slots = freeSlots(doctor, schedules.find(doctor.id()), start, end, type, locationId).stream()
                .map(slot -> new SlotsView.Slot(slot.start().atZone(zone).toOffsetDateTime(),
                        slot.end().atZone(zone).toOffsetDateTime(), slot.type(), slot.locationId()))
                .toList();
        return new SlotsView(doctorId, zone.getId(), slots);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<DoctorSnapshot> find(UUID doctorId) {
        return doctors.findById(doctorId).map(doctor -> snapshot(doctor, schedules.find(doctorId)));
    }

    private DoctorSnapshot snapshot(Doctor doctor, Schedule schedule) {
        return snapshot(doctor, schedule, specialties.all());
    }

    private static DoctorSnapshot snapshot(Doctor doctor, Schedule schedule, List<Specialties.Specialty> all) {
        List<String> names = all.stream().filter(s -> doctor.specialties().contains(s.code()))
                .map(Specialties.Specialty::name).toList();
        return new DoctorSnapshot(doctor.id(), doctor.name(), doctor.zone(), doctor.specialties(), names,
                doctor.languages(),
                doctor.consultationTypes(), doctor.fees(),
                doctor.locations().stream().map(l -> new DoctorSnapshot.Location(l.id(), l.name(), l.address(),
                        l.latitude(), l.longitude())).toList(),
                doctor.isBookable(), schedule.minimumNoticeMinutes(), schedule.horizonDays());
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> bookableDoctorIds(UUID after, int limit) {
        return directory.bookableIds(after, limit);
    }

    @Override
    @Transactional(readOnly = true)
    public java.util.Set<UUID> changedSince(Instant since) {
        return directory.changedSince(since);
    }

    @Override
    @Transactional(readOnly = true)
    public java.util.Set<String> specialtyCodes() {
        return specialties.all().stream().map(Specialties.Specialty::code).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    @Transactional(readOnly = true)
    public List<OfferedTime> offeredTimes(Collection<UUID> doctorIds, Instant from, Instant to) {
        Map<UUID, Doctor> found = doctors.findAll(doctorIds);
        if (found.isEmpty()) {
            return List.of();
        }
        Map<UUID, Schedules.SlotFacts> facts = schedules.slotFacts(found.keySet(), from, to);
        List<Specialties.Specialty> names = specialties.all();
        Instant now = clock.instant();
        List<OfferedTime> offered = new ArrayList<>();
        found.forEach((id, doctor) -> {
            Schedules.SlotFacts fact = facts.get(id);
            if (fact == null) {
                return;
            }
            List<FreeSlot> slots = doctor.isBookable()
                    ? SlotCalculator.freeSlots(fact.schedule(), doctor.zone(),
                            new SlotCalculator.Request(from, to, now, null, null), fact.timeOff(), List.of())
                    : List.of();
            offered.add(new OfferedTime(snapshot(doctor, fact.schedule(), names), slots));
        });
        return offered;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<FreeSlot> slotAt(UUID doctorId, Instant start, ConsultationType type, UUID locationId) {
        return doctors.findById(doctorId).filter(Doctor::isBookable).flatMap(doctor -> {
            Schedule schedule = schedules.find(doctorId);
            Instant to = start.plusSeconds(1);
            List<TimeRange> timeOff = schedules.timeOff(doctorId, start, start.plus(Duration.ofHours(24))).stream()
                    .map(Schedules.TimeOff::range).toList();
            return SlotCalculator.freeSlots(schedule, doctor.zone(),
                            new SlotCalculator.Request(start, to, clock.instant(), type, locationId), timeOff, List.of())
                    .stream().filter(slot -> slot.start().equals(start)).findFirst();
        });
    }

    /** Not read-only and not a transaction of its own: it joins the booking's, on the booking's connection. */
    @Override
    public Optional<BookingTerms> bookingTerms(UUID doctorId, Instant start, ConsultationType type, UUID locationId) {
        return schedules.slotFacts(doctorId, start, start.plus(Duration.ofHours(24))).filter(Schedules.SlotFacts::bookable)
                .map(facts -> new BookingTerms(doctorId, facts.name(), facts.zone(), Optional.ofNullable(facts.fees().get(type)),
                        SlotCalculator.freeSlots(facts.schedule(), facts.zone(),
                                        new SlotCalculator.Request(start, start.plusSeconds(1), clock.instant(), type, locationId),
                                        facts.timeOff(), List.of())
                                .stream().filter(slot -> slot.start().equals(start)).findFirst()));
    }

    /** Two indexed reads (time off, booked times) after the doctor and schedule, then pure computation. */
    private List<FreeSlot> freeSlots(Doctor doctor, Schedule schedule, Instant from, Instant to, ConsultationType type,
            UUID locationId) {
        List<TimeRange> timeOff = schedules.timeOff(doctor.id(), from, to).stream().map(Schedules.TimeOff::range).toList();
        BookedTimes booked = bookedTimes.getIfAvailable();
        List<TimeRange> busy = booked == null ? List.of() : booked.busy(doctor.id(), from, to);
        return SlotCalculator.freeSlots(schedule, doctor.zone(),
                new SlotCalculator.Request(from, to, clock.instant(), type, locationId), timeOff, busy);
    }
}
