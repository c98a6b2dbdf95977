package dev.inkwell.store;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.SampleReader;

/** A separate process for tests: opens the store at {@code args[0]} and ingests 5 rows into table {@code args[1]}. */
final class OpenStoreProcess {
    private OpenStoreProcess() {
    }

    public static void main(String[] args) {
        try (Store store = Store.open(args[0])) {
            store.table(args[1]).ingest(SampleReader.of(SampleTableContract.samples(5, "train", args[1].hashCode())), Progress.NONE);
        }
    }
}
