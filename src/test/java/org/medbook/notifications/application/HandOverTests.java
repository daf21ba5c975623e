package org.medbook.notifications.application;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.domain.Channel;
import org.medbook.notifications.domain.Kind;
import org.medbook.support.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Deliveries the fan-out inserted leased to its own node are sent from memory by that node's next
 * round, before anything is claimed; one whose lease is close to lapsing is left to a claim (which
 * another node may be making) instead of being sent by two nodes; and the hand-over is bounded, so a
 * backlog waits in the database, not in a node's memory.
 */
class HandOverTests {

    private final Instant now = Instant.parse("2027-03-01T08:00:00Z");
    private final UUID patient = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private final List<Integer> claimLimits = new ArrayList<>();
    private final List<NotificationStore.Outcome> recorded = new ArrayList<>();
    private final List<UUID> sent = new ArrayList<>();
    private final List<Set<UUID>> contactLookups = new ArrayList<>();
    private final List<NotificationStore.ClaimedDelivery> stored = new ArrayList<>();

    @Test
    void aHandedOverDeliveryIsSentWithoutAClaimUnlessItsLeaseIsAboutToLapse() {
        Deliveries deliveries = deliveries(200);
        NotificationStore.ClaimedDelivery fresh = delivery();
        NotificationStore.ClaimedDelivery late = delivery();
        deliveries.handOver(List.of(fresh), known(), now.plus(Deliveries.LEASE));
        deliveries.handOver(List.of(late), known(), now.plus(Deliveries.LEASE_MARGIN));

        assertThat(deliveries.runOnce()).isEqualTo(1);

        assertThat(sent).containsExactly(fresh.id());
        assertThat(recorded).extracting(NotificationStore.Outcome::id, NotificationStore.Outcome::status)
                .containsExactly(tuple(fresh.id(), "SENT"));
        assertThat(claimLimits).as("the rest of the round's batch is claimed from the database").containsExactly(199);

        assertThat(deliveries.runOnce()).as("nothing handed over is left for a second round").isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void theHandOverIsBoundedAndARoundFullOfHandedOverDeliveriesClaimsNothing() {
        Deliveries deliveries = deliveries(2);
        assertThat(deliveries.takesHandOvers()).isTrue();

        deliveries.handOver(IntStream.range(0, 8).mapToObj(i -> delivery()).toList(), known(), now.plus(Deliveries.LEASE));

        assertThat(deliveries.takesHandOvers()).as("four batches wait: the fan-out inserts the next ones PENDING").isFalse();
        assertThat(deliveries.runOnce()).isEqualTo(2);
        assertThat(claimLimits).isEmpty();
        assertThat(deliveries.takesHandOvers()).isTrue();
    }

    @Test
    void whileHandOversKeepComingTheDatabaseIsAskedOncePerPollAndEveryTimeNothingWasHandedOver() {
        TestClock clock = new TestClock();
        clock.setTo(now);
        Deliveries deliveries = deliveries(200, Duration.ofSeconds(1), clock);

        deliveries.handOver(List.of(delivery()), known(), clock.instant().plus(Deliveries.LEASE));
        deliveries.runOnce();
        deliveries.handOver(List.of(delivery()), known(), clock.instant().plus(Deliveries.LEASE));
        deliveries.runOnce();
        clock.advance(Duration.ofMillis(999));
        deliveries.handOver(List.of(delivery()), known(), clock.instant().plus(Deliveries.LEASE));
        deliveries.runOnce();
        assertThat(claimLimits).as("one claim in the first second of hand-overs").containsExactly(199);

        clock.advance(Duration.ofMillis(1));
        deliveries.handOver(List.of(delivery()), known(), clock.instant().plus(Deliveries.LEASE));
        deliveries.runOnce();
        assertThat(claimLimits).as("a poll later, the next round claims again").containsExactly(199, 199);

        deliveries.runOnce();
        assertThat(claimLimits).as("a round with nothing handed over always looks in the database")
                .containsExactly(199, 199, 200);
        assertThat(sent).hasSize(4);
    }

    @Test
    void handedOverDeliveriesComeWithTheirRecipientsWhileClaimedOnesHaveThemRead() {
        Deliveries deliveries = deliveries(200);
        UUID other = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
        NotificationStore.ClaimedDelivery claimed = new NotificationStore.ClaimedDelivery(UUID.randomUUID(), UUID.randomUUID(),
                other, Channel.EMAIL, Kind.BOOKING_CONFIRMED, "Booking confirmed", "Your visit is confirmed.", Map.of(), "en",
                "Europe/Berlin", null, Set.of(), 1, now.plus(Duration.ofHours(24)), now);
        stored.add(claimed);
        deliveries.handOver(List.of(delivery()), known(), now.plus(Deliveries.LEASE));

        assertThat(deliveries.runOnce()).isEqualTo(2);

        assertThat(contactLookups).as("only the claimed delivery's recipient is read").containsExactly(Set.of(other));
        assertThat(recorded).extracting(NotificationStore.Outcome::status).containsExactly("SENT", "SENT");

        deliveries.handOver(List.of(delivery()), known(), now.plus(Deliveries.LEASE));
        deliveries.runOnce();
        assertThat(contactLookups).as("a round of handed-over deliveries reads no contacts").hasSize(1);
    }

    /** The patient's contact as the fan-out read it. */
    private Map<UUID, UserContacts.Contact> known() {
        return Map.of(patient, new UserContacts.Contact(patient, "Ann Patient", "ann@example.org", null, "en",
                Set.of(Role.PATIENT), true));
    }

    private Deliveries deliveries(int batchSize) {
        return deliveries(batchSize, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    private Deliveries deliveries(int batchSize, Duration pollEvery, Clock clock) {
        NotificationsProperties properties = new NotificationsProperties(true, List.of(), Duration.ofHours(24),
                Duration.ofSeconds(30), Duration.ofHours(1), null, batchSize, pollEvery, Duration.ZERO, 4, true);
        return new Deliveries(store(), List.of(sender()), contacts(), null, properties, clock, new SimpleMeterRegistry());
    }

    private NotificationStore.ClaimedDelivery delivery() {
        return new NotificationStore.ClaimedDelivery(UUID.randomUUID(), UUID.randomUUID(), patient, Channel.EMAIL,
                Kind.BOOKING_CONFIRMED, "Booking confirmed", "Your visit is confirmed.", Map.of(), "en", "Europe/Berlin",
                null, Set.of(), 1, now.plus(Duration.ofHours(24)), now);
    }

    /** Records the claims and outcomes; the database holds what a test put in {@code stored}. */
    @SuppressWarnings("unchecked")
    private NotificationStore store() {
        return (NotificationStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NotificationStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "claimDeliveries" -> {
                        claimLimits.add((Integer) args[2]);
                        List<NotificationStore.ClaimedDelivery> due = List.copyOf(stored);
                        stored.clear();
                        yield due;
                    }
                    case "record" -> {
                        recorded.addAll((List<NotificationStore.Outcome>) args[0]);
                        yield null;
                    }
                    case "forgetSecrets" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private UserContacts contacts() {
        return (UserContacts) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UserContacts.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("find")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    contactLookups.add(Set.copyOf((java.util.Collection<UUID>) args[0]));
                    Map<UUID, UserContacts.Contact> found = new HashMap<>();
                    for (Object id : (java.util.Collection<?>) args[0]) {
                        found.put((UUID) id, new UserContacts.Contact((UUID) id, "Ann Patient", "ann@example.org", null, "en",
                                Set.of(Role.PATIENT), true));
                    }
                    return found;
                });
    }

    private ChannelSender sender() {
        return new ChannelSender() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public Map<UUID, SendResult> send(List<Outgoing> batch) {
                Map<UUID, SendResult> results = new HashMap<>();
                batch.forEach(o -> {
                    sent.add(o.deliveryId());
                    results.put(o.deliveryId(), new SendResult.Sent(Set.of(o.recipient().email())));
                });
                return results;
            }
        };
    }
}
