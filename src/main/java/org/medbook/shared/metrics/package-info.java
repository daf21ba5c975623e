/**
 * Helpers for the meters each module registers: counting after commit, and gauges read from the
 * database at scrape time through a short cache.
 */
package org.medbook.shared.metrics;
