package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkQueueTest extends WorkQueueContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    String newLocation() {
        return dir.resolve("store-" + (n++) + ".db").toString();
    }

    /** A claim searches the index by status: done items, however many, are never read (they were, one by one). */
    @Test
    void claimingSearchesTheIndexForDueItemsInsteadOfWalkingTheQueue() throws Exception {
        Store store = open(newLocation());
        WorkQueue q = store.queue("objects");
        List<String> plan = store.withConnection("plan", c -> {
            List<String> steps = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("EXPLAIN QUERY PLAN " + q.dueSql())) {
                for (int i = 1; i <= 3; i++) st.setString(i, "x");
                st.setInt(4, 8);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) steps.add(rs.getString("detail"));
                }
            }
            return steps;
        });
        List<String> reads = plan.stream().filter(s -> s.contains("work_items")).toList();
        assertThat(reads).as("%s", plan).hasSize(2).allSatisfy(s -> assertThat(s).contains("queue=? AND status=?"));
        assertThat(plan).noneMatch(s -> s.startsWith("SCAN work_items"));
    }
}
