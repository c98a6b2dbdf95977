package dev.inkwell.store;

import java.util.Map;

/**
 * What an ingest did.
 *
 * @param read     samples read from the input
 * @param added    rows written
 * @param existing samples skipped because the table already had their uuid (a re-run, or a repeated uuid)
 * @param bySplit  rows the table now holds per split
 */
public record IngestResult(String table, long read, long added, long existing, Map<String, Long> bySplit) {
    public IngestResult {
        bySplit = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bySplit)); // keeps train, test order
    }
}
