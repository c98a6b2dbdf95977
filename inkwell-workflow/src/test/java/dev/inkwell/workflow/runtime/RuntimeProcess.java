package dev.inkwell.workflow.runtime;

import dev.inkwell.store.Store;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Duration;

/**
 * A process with a workflow runtime, for {@link KilledProcessTest}: {@code STORE OWNER LEASE_MS start N} creates the
 * {@code steps} workflow and starts N executions; {@code STORE OWNER LEASE_MS recover} only takes over what others
 * left. Either runs until killed.
 */
public final class RuntimeProcess {
    static final String STEPS = """
            {"StartAt": "One", "States": {
              "One": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:effect", "Next": "W1"},
              "W1": {"Type": "Wait", "Seconds": 4, "Next": "Two"},
              "Two": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:effect", "Next": "W2"},
              "W2": {"Type": "Wait", "Seconds": 1, "Next": "Three"},
              "Three": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:effect", "End": true}}}""";

    public static void main(String[] args) throws Exception {
        Store store = Store.open(args[0]);
        TestTasks tasks = new TestTasks(store);
        WorkflowRuntime runtime = WorkflowRuntime.builder(store, tasks).owner(args[1]).lease(Duration.ofMillis(Long.parseLong(args[2])))
                .recoveryInterval(Duration.ofMillis(200)).build();
        if (args[3].equals("start")) {
            runtime.catalog().create("steps", JsonTrees.parse(STEPS), null);
            int n = Integer.parseInt(args[4]);
            for (int i = 0; i < n; i++) runtime.start("steps", "e" + i, JsonTrees.parse("{\"owner\": \"" + args[1] + "\"}"), null);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
