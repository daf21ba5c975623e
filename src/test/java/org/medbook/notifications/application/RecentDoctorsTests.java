package org.medbook.notifications.application;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.doctors.BookingTerms;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorCards;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.doctors.FreeSlot;
import org.medbook.doctors.OfferedTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notices' copy of doctors: read once and kept, dropped when the catalogue says the doctor changed
 * (on this node or any other) before the next batch, so an erasure committed elsewhere never lets a
 * later batch name the doctor.
 */
class RecentDoctorsTests {

    private static final Instant T0 = Instant.parse("2027-03-01T09:00:00Z");
    private static final UUID ANNA = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID BERT = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    /** A catalogue whose profiles the test edits, as another node would, and which counts its reads. */
    private static final class Catalogue implements DoctorCatalog, DoctorCards {
        final Map<UUID, String> names = new HashMap<>();
        final Map<UUID, Instant> changedAt = new HashMap<>();
        final Map<UUID, Integer> reads = new HashMap<>();
        /** How many statements the reads took: one per question, whatever the number of doctors asked for. */
        int questions;
        final List<Instant> askedSince = new ArrayList<>();

        void change(UUID id, String name, Instant at) {
            if (name == null) {
                names.remove(id);
            } else {
                names.put(id, name);
            }
            changedAt.put(id, at);
        }

        @Override
        public Map<UUID, Card> cardsOf(Set<UUID> doctorIds) {
            questions++;
            Map<UUID, Card> cards = new HashMap<>();
            for (UUID id : doctorIds) {
                reads.merge(id, 1, Integer::sum);
                if (names.containsKey(id)) {
                    cards.put(id, new Card(id, names.get(id), ZoneId.of("Europe/Berlin"), Map.of()));
                }
            }
            return cards;
        }

        @Override
        public Optional<DoctorSnapshot> find(UUID doctorId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<UUID> changedSince(Instant since) {
            askedSince.add(since);
            Set<UUID> changed = new HashSet<>();
            changedAt.forEach((id, at) -> {
                if (!at.isBefore(since)) {
                    changed.add(id);
                }
            });
            return changed;
        }

        @Override
        public Optional<FreeSlot> slotAt(UUID doctorId, Instant start, ConsultationType type, UUID locationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BookingTerms> bookingTerms(UUID doctorId, Instant start, ConsultationType type, UUID locationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<UUID> bookableDoctorIds(UUID after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> specialtyCodes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<OfferedTime> offeredTimes(Collection<UUID> doctorIds, Instant from, Instant to) {
            throw new UnsupportedOperationException();
        }
    }

    private final Catalogue catalogue = new Catalogue();
    private final RecentDoctors doctors = new RecentDoctors(catalogue, catalogue);

    private String name(UUID id) {
        return doctors.find(id).map(DoctorCards.Card::name).orElse(null);
    }

    @Test
    void aDoctorIsReadOnceAndKeptWhileNothingChanged() {
        catalogue.change(ANNA, "Dr. Anna Müller", T0.minus(Duration.ofDays(30)));
        doctors.catchUp(T0);

        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");
        doctors.catchUp(T0.plusSeconds(5));
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");
        doctors.catchUp(T0.plusSeconds(90));
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");

        assertThat(catalogue.reads.get(ANNA)).isEqualTo(1);
        assertThat(catalogue.askedSince).as("the first catch-up only empties; later ones ask from a minute before the last")
                .containsExactly(T0.minus(RecentDoctors.OVERLAP), T0.plusSeconds(5).minus(RecentDoctors.OVERLAP));
    }

    @Test
    void theDoctorsOfABatchAreReadInOneQuestionAndOnlyThoseNotKept() {
        catalogue.change(ANNA, "Dr. Anna Müller", T0.minus(Duration.ofDays(30)));
        catalogue.change(BERT, "Dr. Bert Brandt", T0.minus(Duration.ofDays(30)));
        UUID nobody = UUID.fromString("00000000-0000-0000-0000-0000000000c3");
        doctors.catchUp(T0);
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");

        Map<UUID, Optional<DoctorCards.Card>> batch = doctors.findAll(Set.of(ANNA, BERT, nobody));

        assertThat(batch.get(ANNA).map(DoctorCards.Card::name)).contains("Dr. Anna Müller");
        assertThat(batch.get(BERT).map(DoctorCards.Card::name)).contains("Dr. Bert Brandt");
        assertThat(batch.get(nobody)).as("asked for, and no doctor").isEmpty();
        assertThat(catalogue.questions).as("Anna alone, then Bert and the unknown id together").isEqualTo(2);
        assertThat(catalogue.reads).containsEntry(ANNA, 1).containsEntry(BERT, 1).containsEntry(nobody, 1);

        doctors.findAll(Set.of(ANNA, BERT, nobody));
        assertThat(catalogue.questions).as("an id that named nobody is kept as such too").isEqualTo(2);
    }

    @Test
    void aDoctorErasedOnAnotherNodeIsNotNamedByTheNextBatch() {
        catalogue.change(ANNA, "Dr. Anna Müller", T0.minus(Duration.ofDays(30)));
        catalogue.change(BERT, "Dr. Bert Brandt", T0.minus(Duration.ofDays(30)));
        doctors.catchUp(T0);
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");
        assertThat(name(BERT)).isEqualTo("Dr. Bert Brandt");

        // erased elsewhere, its row written a little before the commit this node sees
        catalogue.change(ANNA, null, T0.plusSeconds(2));
        assertThat(name(ANNA)).as("within the batch that had already read it").isEqualTo("Dr. Anna Müller");
        doctors.catchUp(T0.plusSeconds(3));

        assertThat(name(ANNA)).isNull();
        assertThat(name(BERT)).isEqualTo("Dr. Bert Brandt");
        assertThat(catalogue.reads.get(BERT)).as("only what changed is read again").isEqualTo(1);
    }

    @Test
    void aChangeWrittenBeforeTheLastCatchUpButCommittedAfterItIsStillSeen() {
        catalogue.change(ANNA, "Dr. Anna Müller", T0.minus(Duration.ofDays(30)));
        doctors.catchUp(T0);
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");

        // written at T0 - 10 s by a transaction that committed only after the catch-up at T0
        catalogue.change(ANNA, "Dr. Anna Schmidt", T0.minusSeconds(10));
        doctors.catchUp(T0.plusSeconds(1));

        assertThat(name(ANNA)).isEqualTo("Dr. Anna Schmidt");
    }

    @Test
    void theCopyIsEmptiedRatherThanGrowingPastItsBound() {
        catalogue.change(ANNA, "Dr. Anna Müller", T0.minus(Duration.ofDays(30)));
        doctors.catchUp(T0);
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");
        Set<UUID> others = new HashSet<>();
        while (others.size() < RecentDoctors.MAX_ENTRIES - 1) {
            others.add(UUID.randomUUID());
        }

        doctors.findAll(others);
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");
        assertThat(catalogue.reads.get(ANNA)).as("at the bound, everything is kept").isEqualTo(1);

        doctors.findAll(Set.of(BERT));
        assertThat(name(ANNA)).isEqualTo("Dr. Anna Müller");
        assertThat(catalogue.reads.get(ANNA)).as("one past the bound, the copy was emptied").isEqualTo(2);
    }
}
