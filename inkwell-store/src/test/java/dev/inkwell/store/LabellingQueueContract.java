package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The labelling queue, on SQLite and on PostgreSQL: idempotent adds, labels that become samples rows, skip, undo, two processes. */
abstract class LabellingQueueContract {
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    private final List<Store> opened = new ArrayList<>();

    abstract String newLocation() throws Exception;

    Store open(String location) {
        Store s = Store.open(location);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    static LabellingItem candidate(String eventId, int predicted, double probability) {
        byte[] px = new byte[28 * 28];
        for (int i = 0; i < px.length; i++) px[i] = (byte) ((i * 7 + eventId.hashCode()) & 0xff);
        return LabellingItem.candidate(eventId, "mnist", "main", "mnist:3", "s3://captures/mnist/main/2026/11/28/10/00-00-000-r-000001.jsonl",
                predicted, Integer.toString(predicted), probability, px, 28, 28, AT);
    }

    static List<Sample> rows(Store store, String table) {
        if (store.table(table).counts().isEmpty()) return List.of();
        try (SampleReader r = store.table(table).dataset().open()) {
            return r.stream().toList();
        }
    }

    @Test
    void readingsAreAddedOnceAndListedOldestFirst() throws Exception {
        LabellingQueue q = open(newLocation()).labelling();
        assertThat(q.add(List.of(candidate("e1", 3, 0.41), candidate("e2", 5, 0.88), candidate("e3", 8, 0.12)))).isEqualTo(3);
        assertThat(q.add(List.of(candidate("e2", 5, 0.88), candidate("e4", 1, 0.5)))).as("e2 is there already").isEqualTo(1);
        List<LabellingItem> pending = q.list(LabellingItem.Status.PENDING, 0, 100);
        assertThat(pending).extracting(LabellingItem::eventId).containsExactly("e1", "e2", "e3", "e4");
        LabellingItem first = pending.getFirst();
        assertThat(first.probability()).isEqualTo(0.41);
        assertThat(first.pixels()).isEqualTo(candidate("e1", 3, 0.41).pixels());
        assertThat(first.capturedAt()).isEqualTo(AT);
        assertThat(first.capture()).startsWith("s3://captures/mnist/main/");
        assertThat(q.list(LabellingItem.Status.PENDING, first.id(), 2)).extracting(LabellingItem::eventId).containsExactly("e2", "e3");
        assertThat(q.counts()).containsEntry(LabellingItem.Status.PENDING, 4L).containsEntry(LabellingItem.Status.LABELLED, 0L);
        q.add(List.of(LabellingItem.candidate("o1", "other", "main", "mnist:3", null, 2, "2", 0.5, new byte[28 * 28], 28, 28, AT)));
        assertThat(q.counts("mnist")).containsEntry(LabellingItem.Status.PENDING, 4L);
        assertThat(q.counts("other")).containsEntry(LabellingItem.Status.PENDING, 1L).containsEntry(LabellingItem.Status.SKIPPED, 0L);
        assertThat(q.counts("none")).containsEntry(LabellingItem.Status.PENDING, 0L);
        assertThat(q.counts()).containsEntry(LabellingItem.Status.PENDING, 5L);
    }

    @Test
    void aLabelBecomesASamplesRowAndSkipAndUndoTakeItOut() throws Exception {
        Store store = open(newLocation());
        LabellingQueue q = store.labelling();
        q.add(List.of(candidate("e1", 3, 0.41), candidate("e2", 5, 0.88)));
        long id = q.list(null, 0, 10).getFirst().id();

        LabellingItem labelled = q.label(id, 8, null);
        assertThat(labelled.status()).isEqualTo(LabellingItem.Status.LABELLED);
        assertThat(labelled.label()).isEqualTo(8);
        assertThat(labelled.table()).isEqualTo(LabellingQueue.DEFAULT_TABLE);
        List<Sample> rows = rows(store, "labelled");
        assertThat(rows).hasSize(1);
        Sample row = rows.getFirst();
        assertThat(row.uuid()).isEqualTo("e1");
        assertThat(row.label()).isEqualTo(8);
        assertThat(row.source()).isEqualTo(LabellingQueue.SOURCE);
        assertThat(row.split()).isEqualTo("train");
        assertThat(row.pixels()).isEqualTo(candidate("e1", 3, 0.41).pixels());
        assertThat(row.width()).isEqualTo(28);

        assertThat(q.label(id, 9, null).label()).as("a relabel changes the row").isEqualTo(9);
        assertThat(rows(store, "labelled")).extracting(Sample::label).containsExactly(9);
        q.label(id, 9, "mine");
        assertThat(rows(store, "labelled")).as("moved to another table").isEmpty();
        assertThat(rows(store, "mine")).extracting(Sample::label).containsExactly(9);

        LabellingItem skipped = q.skip(id);
        assertThat(skipped.status()).isEqualTo(LabellingItem.Status.SKIPPED);
        assertThat(skipped.label()).isNull();
        assertThat(rows(store, "mine")).isEmpty();
        q.label(id, 4, "mine");
        LabellingItem undone = q.undo(id);
        assertThat(undone.status()).isEqualTo(LabellingItem.Status.PENDING);
        assertThat(rows(store, "mine")).isEmpty();
        assertThat(q.counts()).containsEntry(LabellingItem.Status.PENDING, 2L);
    }

    @Test
    void nonsenseIsRefusedByName() throws Exception {
        LabellingQueue q = open(newLocation()).labelling();
        q.add(List.of(candidate("e1", 3, 0.41)));
        long id = q.list(null, 0, 1).getFirst().id();
        assertThatThrownBy(() -> q.label(999_999, 1, null)).isInstanceOf(NotFoundException.class).hasMessageContaining("no item 999999");
        assertThatThrownBy(() -> q.skip(-1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> q.label(id, -1, null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("label -1");
        assertThatThrownBy(() -> q.label(id, 10_000, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> q.label(id, 1, "Robert'); DROP TABLE samples;--")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a table name is");
        LabellingItem good = candidate("e2", 1, 0.5);
        List<LabellingItem> bad = List.of(
                LabellingItem.candidate("e3", "mnist", "main", "m:1", null, 1, "1", 0.5, new byte[10], 28, 28, AT),
                LabellingItem.candidate("e4", "mnist", "main", "m:1", null, 1, "1", Double.NaN, good.pixels(), 28, 28, AT),
                LabellingItem.candidate("e\n5", "mnist", "main", "m:1", null, 1, "1", 0.5, good.pixels(), 28, 28, AT),
                LabellingItem.candidate("e6", "mnist", "main", "m:1", null, -3, "1", 0.5, good.pixels(), 28, 28, AT),
                LabellingItem.candidate("e7", "", "main", "m:1", null, 1, "1", 0.5, good.pixels(), 28, 28, AT));
        for (LabellingItem b : bad) {
            assertThatThrownBy(() -> q.add(List.of(good, b))).as(b.eventId()).isInstanceOf(InvalidInputException.class);
        }
        assertThat(q.counts()).as("nothing of a refused batch was added").containsEntry(LabellingItem.Status.PENDING, 1L);
    }

    @Test
    void twoProcessesLabellingTheSameItemLeaveOneRowThatAgreesWithTheQueue() throws Exception {
        String location = newLocation();
        Store a = open(location);
        Store b = open(location);
        a.labelling().add(List.of(candidate("e1", 3, 0.41)));
        long id = a.labelling().list(null, 0, 1).getFirst().id();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int label = i % 10;
                Store s = i % 2 == 0 ? a : b;
                done.add(pool.submit(() -> label % 3 == 0 ? s.labelling().skip(id) : s.labelling().label(id, label, null)));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        LabellingItem end = a.labelling().get(id);
        List<Sample> rows = rows(a, "labelled");
        if (end.status() == LabellingItem.Status.LABELLED) {
            assertThat(rows).extracting(Sample::label).containsExactly(end.label());
        } else {
            assertThat(rows).isEmpty();
        }
    }
}
