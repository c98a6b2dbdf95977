package dev.inkwell.workflow.runtime;

import dev.inkwell.testing.PostgresServer;

class PostgresWorkflowRuntimeTest extends WorkflowRuntimeContract {
    @Override
    String newLocation() throws Exception {
        return PostgresServer.shared().newDatabase("workflows");
    }
}
