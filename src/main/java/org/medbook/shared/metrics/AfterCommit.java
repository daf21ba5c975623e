package org.medbook.shared.metrics;

import io.micrometer.core.instrument.Counter;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts a fact once the transaction that records it has committed, or at once outside a
 * transaction, so a rolled-back booking or payment is never counted.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void increment(Counter counter) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            counter.increment();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counter.increment();
            }
        });
    }
}
