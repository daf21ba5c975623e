package org.medbook.search.application;

import java.util.ArrayList;
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

/**
 * Rebuilds the whole search read model after a bulk import: batches of doctors, one transaction (and
 * one commit) each, in parallel.
 */
@Component
class SearchRebuild {

    private static final Logger log = LoggerFactory.getLogger(SearchRebuild.class);
    private static final int PAGE = 500;
    private static final int BATCH = 50;

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

    /**
     * A batch can meet the periodic refresh of stale doctors (which holds row locks and takes the same
     * doctor locks) and be chosen as a deadlock victim; its doctors are then done one at a time.
     */
    private void refresh(List<UUID> batch) {
        try {
            projection.refreshAll(batch);
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("Search rebuild: a batch of {} doctors failed ({}), refreshing them one by one", batch.size(),
                    e.getClass().getSimpleName());
            batch.forEach(projection::refresh);
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
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < ids.size(); i += BATCH) {
                    List<UUID> batch = ids.subList(i, Math.min(i + BATCH, ids.size()));
                    work.add(pool.submit(() -> {
                        refresh(batch);
                        done.addAndGet(batch.size());
                    }));
                }
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
