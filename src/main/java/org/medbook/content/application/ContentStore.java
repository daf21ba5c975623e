package org.medbook.content.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where FAQs, policy versions and acceptances are kept. */
public interface ContentStore {

    record Faq(UUID id, String category, String language, String question, String answer, boolean published,
               int position, Instant createdAt, Instant updatedAt) {
    }

    /** False when another text of that language already holds (category, position). */
    boolean saveFaq(Faq faq);

    boolean deleteFaq(UUID id);

    Optional<Faq> faq(UUID id);

    /** Published FAQs in the language, falling back per question (category, position) to English; in order. */
    List<Faq> publishedFaqs(String language, String category);

    List<Faq> allFaqs(String category);

    record PolicyText(String kind, int version, String language, String text, Instant effectiveFrom,
                      Instant publishedAt) {
    }

    /** Serialises publications of one kind until the caller's transaction ends. */
    void lockKind(String kind);

    int latestVersion(String kind);

    /** The version's effective date, if it exists. */
    Optional<Instant> effectiveFrom(String kind, int version);

    boolean hasText(String kind, int version, String language);

    void addText(PolicyText text, UUID publishedBy);

    /** The highest version effective at {@code at}, in the language or else English or else any. */
    Optional<PolicyText> inForce(String kind, Instant at, String language);

    /** Every version, newest first, with the languages it has (one row per version and language). */
    List<PolicyText> versions(String kind);

    /** True when the acceptance is new. */
    boolean accept(UUID userId, String kind, int version, Instant at, String clientIp);

    /** The versions in force at {@code at} of the kinds listed that the user has not accepted. */
    List<org.medbook.identity.PendingPolicies.Pending> pending(UUID userId, List<String> kinds, Instant at);
}
