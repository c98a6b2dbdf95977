package dev.inkwell.store;

import java.util.Collections;
import java.util.LinkedHashMap;
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
        bySplit = Collections.unmodifiableMap(new LinkedHashMap<>(bySplit)); // keeps train, test order
    }

    /** The JSON shape the CLI ({@code ingest --json}) and the server ({@code POST /v1/tables/{name}/samples}) answer with. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", table);
        m.put("read", read);
        m.put("added", added);
        m.put("existing", existing);
        m.put("splits", bySplit);
        return m;
    }
}
