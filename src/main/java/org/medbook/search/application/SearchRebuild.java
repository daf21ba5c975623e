package org.medbook.search.application;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Rebuilds the whole search read model after a bulk import, a few doctors at a time in parallel. */
@Component
class SearchRebuild {

    private static final Logger log = LoggerFactory.getLogger(SearchRebuild.class);
    private static final int PAGE = 500;

    private final DoctorCatalog catalog;
    private final DoctorProjection projection;

    private final boolean rebuildOnStart;

    SearchRebuild(DoctorCatalog catalog, DoctorProjection projection,
            @org.springframework.beans.factory.annotation.Value("${medbook.search.rebuild-on-start:false}") boolean rebuildOnStart) {
        this.rebuildOnStart = rebuildOnStart;
        this.catalog = catalog;
        this.projection = projection;
    }

    @ApplicationModuleListener
    void on(DoctorEvents.DoctorsImported event) throws Exception {
        rebuild();
    }

    /** On request at start-up ({@code medbook.search.rebuild-on-start=true}), e.g. after restoring a database. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void onStart() throws Exception {
        if (rebuildOnStart) {
            rebuild();
        }
    }

    void rebuild() throws Exception {
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            UUID after = null;
            while (true) {
                List<UUID> ids = catalog.bookableDoctorIds(after, PAGE);
                if (ids.isEmpty()) {
                    break;
                }
                List<Future<?>> work = ids.stream().<Future<?>>map(id -> pool.submit(() -> {
                    projection.refresh(id);
                    done.incrementAndGet();
                })).toList();
                for (Future<?> future : work) {
                    future.get();
                }
                after = ids.get(ids.size() - 1);
                if (done.get() % 10_000 < PAGE) {
                    log.info("Search rebuild: {} doctors indexed", done.get());
                }
            }
        }
        log.info("Search rebuild finished: {} doctors in {} ms", done.get(), (System.nanoTime() - start) / 1_000_000);
    }
}
