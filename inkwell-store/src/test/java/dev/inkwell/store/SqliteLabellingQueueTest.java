package dev.inkwell.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLabellingQueueTest extends LabellingQueueContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    String newLocation() {
        return dir.resolve("store-" + (n++) + ".db").toString();
    }
}
