package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.store.LabellingItem;
import dev.inkwell.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inkwell label list|set|skip|undo on a real SQLite store. */
class LabelCommandTest {
    @TempDir
    Path dir;

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(args, "--store", dir.resolve("inkwell.db").toString()));
    }

    private static LabellingItem item(String event, int predicted, double p) {
        return LabellingItem.candidate(event, "mnist", "main", "mnist:1", "s3://captures/mnist/main/x.jsonl", predicted, Integer.toString(predicted),
                p, new byte[28 * 28], 28, 28, Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    void listsLabelsSkipsAndUndoes() throws Exception {
        try (Store store = Store.open(dir.resolve("inkwell.db").toString())) {
            store.labelling().add(List.of(item("e1", 3, 0.41), item("e2", 5, 0.88), item("e3", 8, 0.12)));
        }
        CliTest.Result list = run("label", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("3 pending, 0 labelled, 0 skipped").contains("read 3 at  41.0 %").contains("read 8 at  12.0 %");
        JsonNode json = run("label", "list", "--json").json();
        long first = json.at("/items/0/id").asLong();
        assertThat(json.at("/items/0/event_id").asText()).isEqualTo("e1");

        CliTest.Result set = run("label", "set", Long.toString(first), "7");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("labelled: ").contains("labelled 7 (table labelled)");
        assertThat(run("tables").out()).contains("labelled").contains("1 rows: train 1");
        assertThat(run("label", "skip", Long.toString(first + 1)).out()).contains("skipped");
        assertThat(run("label", "list", "--status", "all").out()).contains("1 pending, 1 labelled, 1 skipped");
        assertThat(run("label", "undo", Long.toString(first)).out()).contains("back to pending");
        assertThat(run("tables").out()).doesNotContain("labelled ");
        assertThat(run("label", "set", Long.toString(first), "2", "--table", "mine", "--json").json().get("table").asText()).isEqualTo("mine");

        CliTest.Result badLabel = run("label", "set", Long.toString(first), "seven");
        assertThat(badLabel.code()).isEqualTo(2);
        assertThat(badLabel.err()).contains("LABEL 'seven': expected a class number");
        CliTest.Result unknown = run("label", "set", "999", "1");
        assertThat(unknown.code()).isEqualTo(Cli.FAILURE);
        assertThat(unknown.err()).contains("no item 999 in the labelling queue");
        CliTest.Result badTable = run("label", "set", Long.toString(first), "1", "--table", "Bad Name");
        assertThat(badTable.code()).isEqualTo(Cli.FAILURE);
        assertThat(badTable.err()).contains("a table name is");
        assertThat(run("label", "list", "--status", "done").code()).isEqualTo(2);
    }
}
