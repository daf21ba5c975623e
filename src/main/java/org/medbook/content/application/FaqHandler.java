package org.medbook.content.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.medbook.content.ContentEvents;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** FAQ management for content:manage, and the public, published list. */
@Component
public class FaqHandler {

    private final ContentStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FaqHandler(ContentStore store, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public record SaveFaqCommand(UUID id, String category, String language, String question, String answer,
                                 boolean published, int position, Caller caller) {
    }

    @Transactional
    public ContentStore.Faq save(SaveFaqCommand c) {
        Instant now = clock.instant();
        String language = language(c.language());
        if (c.category() == null || !c.category().matches("[a-z0-9][a-z0-9-]{0,49}")) {
            throw MedbookException.badInput("invalid-parameter", "category is a slug: lower-case letters, digits and -");
        }
        if (c.position() < 0) {
            throw MedbookException.badInput("invalid-parameter", "position must be 0 or more");
        }
        ContentStore.Faq existing = c.id() == null ? null
                : store.faq(c.id()).orElseThrow(() -> MedbookException.notFound("FAQ"));
        ContentStore.Faq faq = new ContentStore.Faq(c.id() == null ? UUID.randomUUID() : c.id(), c.category(), language,
                c.question().strip(), c.answer().strip(), c.published(), c.position(),
                existing == null ? now : existing.createdAt(), now);
        if (!store.saveFaq(faq)) {
            throw new MedbookException(ProblemKind.CONFLICT, "faq-position-taken",
                    "Another " + language + " FAQ of " + c.category() + " is at position " + c.position());
        }
        events.publishEvent(new ContentEvents.FaqChanged(UUID.randomUUID(), now, faq.id(),
                existing == null ? "created" : "updated", c.caller().userId(), c.caller().clientIp()));
        return faq;
    }

    @Transactional
    public void delete(UUID id, Caller caller) {
        if (!store.deleteFaq(id)) {
            throw MedbookException.notFound("FAQ");
        }
        events.publishEvent(new ContentEvents.FaqChanged(UUID.randomUUID(), clock.instant(), id, "deleted",
                caller.userId(), caller.clientIp()));
    }

    @Transactional(readOnly = true)
    public List<ContentStore.Faq> published(String language, String category) {
        return store.publishedFaqs(language == null || language.isBlank() ? "en" : language(language),
                category == null || category.isBlank() ? null : category);
    }

    @Transactional(readOnly = true)
    public List<ContentStore.Faq> all(String category) {
        return store.allFaqs(category == null || category.isBlank() ? null : category);
    }

    static String language(String language) {
        if (language == null || !language.strip().toLowerCase(Locale.ROOT).matches("[a-z]{2,3}")) {
            throw MedbookException.badInput("invalid-parameter", "language must be an ISO 639 code such as en");
        }
        return language.strip().toLowerCase(Locale.ROOT);
    }
}
