package org.medbook.content.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.content.ContentEvents;
import org.medbook.identity.IdentityEvents;
import org.medbook.identity.PendingPolicies;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Versioned policies. A publication without a version number starts the next version; with one, it
 * adds a language to a version that is not in force yet. Nothing published is ever changed. Terms and
 * privacy versions in force must be accepted by every signed-in user; patients accept at sign-up.
 */
@Component
public class PolicyHandler implements PendingPolicies {

    static final Set<String> KINDS = Set.of("TERMS", "PRIVACY", "CANCELLATION");
    /** The kinds a user must accept. */
    static final List<String> TO_ACCEPT = List.of("TERMS", "PRIVACY");

    private final ContentStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PolicyHandler(ContentStore store, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public record PublishPolicyCommand(String kind, Integer version, String language, String text, Instant effectiveFrom,
                                       Caller caller) {
    }

    @Transactional
    public ContentStore.PolicyText publish(PublishPolicyCommand c) {
        String kind = kind(c.kind());
        String language = FaqHandler.language(c.language());
        if (c.text() == null || c.text().isBlank()) {
            throw MedbookException.badInput("invalid-parameter", "text is required");
        }
        Instant now = clock.instant();
        store.lockKind(kind);
        int version;
        Instant effectiveFrom;
        if (c.version() == null) {
            if (c.effectiveFrom() == null) {
                throw MedbookException.badInput("invalid-parameter", "effectiveFrom is required for a new version");
            }
            version = store.latestVersion(kind) + 1;
            effectiveFrom = c.effectiveFrom();
        } else {
            version = c.version();
            effectiveFrom = store.effectiveFrom(kind, version).orElseThrow(() -> MedbookException.notFound("Policy version"));
            if (!effectiveFrom.isAfter(now) || store.hasText(kind, version, language)) {
                throw new MedbookException(ProblemKind.RULE_BROKEN, "policy-immutable",
                        "Version " + version + " of " + kind + " is published" + (effectiveFrom.isAfter(now)
                                ? " in " + language : " and in force") + "; publish a new version instead");
            }
        }
        ContentStore.PolicyText text = new ContentStore.PolicyText(kind, version, language, c.text().strip(),
                effectiveFrom, now);
        store.addText(text, c.caller().userId());
        events.publishEvent(new ContentEvents.PolicyPublished(UUID.randomUUID(), now, kind, version, language,
                effectiveFrom, c.caller().userId(), c.caller().clientIp()));
        return text;
    }

    @Transactional(readOnly = true)
    public ContentStore.PolicyText inForce(String kind, Instant at, String language) {
        return store.inForce(kind(kind), at == null ? clock.instant() : at,
                        language == null || language.isBlank() ? "en" : FaqHandler.language(language))
                .orElseThrow(() -> MedbookException.notFound("Policy"));
    }

    @Transactional(readOnly = true)
    public List<ContentStore.PolicyText> versions(String kind) {
        return store.versions(kind(kind));
    }

    @Transactional
    public void accept(UUID userId, String kind, int version, String clientIp) {
        String checked = kind(kind);
        Instant now = clock.instant();
        Instant effective = store.effectiveFrom(checked, version).orElseThrow(() -> new MedbookException(
                ProblemKind.RULE_BROKEN, "policy-version-unknown", "There is no version " + version + " of " + checked));
        if (effective.isAfter(now)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "policy-not-in-force",
                    "Version " + version + " of " + checked + " takes effect at " + effective,
                    Map.of("effectiveFrom", effective.toString()), null);
        }
        if (store.accept(userId, checked, version, now, clientIp)) {
            events.publishEvent(new ContentEvents.PolicyAccepted(UUID.randomUUID(), now, checked, version, userId,
                    clientIp));
        }
    }

    @Override
    @Transactional(readOnly = true)
    public List<Pending> of(UUID userId) {
        return store.pending(userId, TO_ACCEPT, clock.instant());
    }

    /** Signing up is accepting the terms and privacy policy in force, in the same transaction. */
    @EventListener
    void on(IdentityEvents.PatientRegistered registered) {
        for (Pending pending : store.pending(registered.userId(), TO_ACCEPT, registered.occurredAt())) {
            store.accept(registered.userId(), pending.kind(), pending.version(), registered.occurredAt(),
                    registered.clientIp());
        }
    }

    static String kind(String kind) {
        String upper = kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT);
        if (!KINDS.contains(upper)) {
            throw MedbookException.notFound("Policy kind");
        }
        return upper;
    }
}
