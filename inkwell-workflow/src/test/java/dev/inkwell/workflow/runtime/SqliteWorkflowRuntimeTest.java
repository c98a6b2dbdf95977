package dev.inkwell.workflow.runtime;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkflowRuntimeTest extends WorkflowRuntimeContract {
    @TempDir
    Path dir;

    @Override
    String newLocation() {
        return dir.resolve("inkwell.db").toString();
    }
}
