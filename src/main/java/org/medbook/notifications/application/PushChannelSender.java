package org.medbook.notifications.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.medbook.notifications.domain.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The PUSH channel: every device of the recipient not served by an earlier attempt gets the
 * message, all devices of a batch in parallel. A device its push service calls gone is forgotten
 * and counts as done; a passing failure (timeout, 429, 5xx) retries the delivery later for the
 * devices still unserved only.
 */
@Component
class PushChannelSender implements ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(PushChannelSender.class);
    /** Facts an app needs to open the right screen; everything else it reads from the API. */
    private static final List<String> DATA_KEYS = List.of("bookingId", "paymentId", "disputeId");

    private final Devices devices;
    private final Map<Device.Platform, PushGateway> gateways;
    private final Semaphore inFlight;
    private final Duration patience;
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();

    PushChannelSender(Devices devices, List<PushGateway> gateways, NotificationsProperties notifications,
            PushProperties push) {
        this.devices = devices;
        this.gateways = new EnumMap<>(gateways.stream()
                .collect(Collectors.toMap(PushGateway::platform, Function.identity())));
        this.inFlight = new Semaphore(notifications.sendConcurrency());
        // a sign-in, the send itself and a name lookup, each bounded by its timeouts; this is the backstop
        this.patience = push.longestRequest().multipliedBy(4);
    }

    @Override
    public Channel channel() {
        return Channel.PUSH;
    }

    @Override
    public Map<UUID, SendResult> send(List<Outgoing> batch) {
        Map<UUID, List<Device>> byUser = devices.of(batch.stream().map(o -> o.recipient().id()).collect(Collectors.toSet()));
        Map<UUID, SendResult> results = new LinkedHashMap<>();
        Map<UUID, List<Attempt>> attempts = new LinkedHashMap<>();
        for (Outgoing outgoing : batch) {
            List<Device> all = byUser.getOrDefault(outgoing.recipient().id(), List.of());
            if (all.isEmpty()) {
                results.put(outgoing.deliveryId(), new SendResult.Skipped("no push device registered"));
                continue;
            }
            PushGateway.PushMessage message = message(outgoing);
            List<Attempt> started = new ArrayList<>();
            for (Device device : all) {
                if (!outgoing.doneTargets().contains(device.id().toString())) {
                    started.add(start(device, message));
                }
            }
            attempts.put(outgoing.deliveryId(), started);
        }
        for (Outgoing outgoing : batch) {
            List<Attempt> started = attempts.get(outgoing.deliveryId());
            if (started != null) {
                results.put(outgoing.deliveryId(), combine(outgoing, started));
            }
        }
        return results;
    }

    private record Attempt(Device device, Future<PushGateway.Outcome> outcome, String skipped) {
    }

    private Attempt start(Device device, PushGateway.PushMessage message) {
        PushGateway gateway = gateways.get(device.platform());
        Optional<String> unavailable = gateway == null ? Optional.of(device.platform() + " is not available")
                : gateway.unavailable();
        if (unavailable.isPresent()) {
            return new Attempt(device, null, unavailable.get());
        }
        return new Attempt(device, sending.submit(() -> {
            inFlight.acquire();
            try {
                return gateway.send(device, message);
            } finally {
                inFlight.release();
            }
        }), null);
    }

    private SendResult combine(Outgoing outgoing, List<Attempt> attempts) {
        Set<String> served = new LinkedHashSet<>(outgoing.doneTargets());
        boolean delivered = !served.isEmpty();
        boolean gone = false;
        List<String> retry = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Attempt attempt : attempts) {
            if (attempt.skipped() != null) {
                skipped.add(attempt.skipped());
                continue;
            }
            String target = attempt.device().id().toString();
            switch (await(attempt)) {
                case PushGateway.Outcome.Served ignored -> {
                    served.add(target);
                    delivered = true;
                }
                case PushGateway.Outcome.Gone g -> {
                    devices.forget(attempt.device());
                    served.add(target);
                    gone = true;
                    log.info("Push device {} ({}) is gone and was removed: {}", target, attempt.device().platform(), g.reason());
                }
                case PushGateway.Outcome.Retry r -> retry.add(attempt.device().platform() + ": " + r.reason());
                case PushGateway.Outcome.Failed f -> failed.add(attempt.device().platform() + ": " + f.reason());
            }
        }
        if (!retry.isEmpty()) {
            return new SendResult.Retry(String.join("; ", retry), served);
        }
        if (delivered) {
            return new SendResult.Sent(served);
        }
        if (!failed.isEmpty()) {
            return new SendResult.Failed(String.join("; ", failed));
        }
        if (gone) {
            return new SendResult.Sent(served);
        }
        return new SendResult.Skipped(String.join("; ", new LinkedHashSet<>(skipped)));
    }

    private PushGateway.Outcome await(Attempt attempt) {
        try {
            return attempt.outcome().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            attempt.outcome().cancel(true);
            return new PushGateway.Outcome.Retry("no answer within " + patience.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushGateway.Outcome.Retry("interrupted");
        } catch (ExecutionException e) {
            log.warn("Push to device {} failed unexpectedly", attempt.device().id(), e.getCause());
            return new PushGateway.Outcome.Retry(e.getCause().getClass().getSimpleName());
        }
    }

    private static PushGateway.PushMessage message(Outgoing outgoing) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("kind", outgoing.kind().name());
        data.put("notificationId", outgoing.notificationId().toString());
        for (String key : DATA_KEYS) {
            Object value = outgoing.data() == null ? null : outgoing.data().get(key);
            if (value != null) {
                data.put(key, value.toString());
            }
        }
        return new PushGateway.PushMessage(outgoing.notificationId(), outgoing.kind(), outgoing.title(), outgoing.body(),
                java.util.Collections.unmodifiableMap(data), outgoing.kind().aboutAVisit());
    }
}
