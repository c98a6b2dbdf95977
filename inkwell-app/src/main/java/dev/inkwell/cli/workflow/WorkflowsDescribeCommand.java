package dev.inkwell.cli.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Show a workflow: its revision, states, function mapping and executions by status (--json: with the whole definition).")
public final class WorkflowsDescribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow.")
    String name;

    @Override
    public Integer call() {
        Store s = store.open();
        WorkflowRecord w = Workflows.catalog(s).get(name);
        Map<ExecutionStatus, Long> counts = Workflows.executions(s).counts(name);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            ObjectNode json = json(w, true);
            ObjectNode n = json.putObject("executions");
            counts.forEach((status, count) -> n.put(status.name(), count));
            JsonOutput.print(out, json);
            return Cli.OK;
        }
        out.printf("%-10s  %s%n", "workflow", w.name());
        out.printf("%-10s  %s%n", "arn", Workflows.stateMachineArn(w.name()));
        out.printf("%-10s  %d (made %s; workflow created %s)%n", "revision", w.revision(), ExecutionViews.time(w.updatedAt()),
                ExecutionViews.time(w.createdAt()));
        JsonNode definition = w.definition();
        if (definition.hasNonNull("Comment")) out.printf("%-10s  %s%n", "comment", definition.get("Comment").asText());
        out.printf("%-10s  %s%n", "starts at", definition.path("StartAt").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = definition.path("States").fields(); it.hasNext(); ) {
            var state = it.next();
            out.printf("%-10s  %-30s %s%n", "  state", state.getKey(), state.getValue().path("Type").asText());
        }
        JsonNode functions = w.functions().has("functions") ? w.functions().get("functions") : w.functions();
        if (functions.isEmpty()) out.printf("%-10s  %s%n", "functions", "none mapped: Lambda names are built-in functions");
        for (Iterator<Map.Entry<String, JsonNode>> it = functions.fields(); it.hasNext(); ) {
            var f = it.next();
            out.printf("%-10s  %-30s %s%n", "  function", f.getKey(), JsonTrees.write(f.getValue()));
        }
        List<String> byStatus = new ArrayList<>();
        counts.forEach((status, count) -> byStatus.add(status.name().toLowerCase() + " " + count));
        out.printf("%-10s  %s%n", "executions", String.join(", ", byStatus));
        out.flush();
        return Cli.OK;
    }

    /** The workflow's JSON: name, revision, times and ARN, with definition and functions when asked. */
    static ObjectNode json(WorkflowRecord w, boolean whole) {
        ObjectNode json = w.toJson(whole);
        json.put("stateMachineArn", Workflows.stateMachineArn(w.name()));
        return json;
    }

    /** "3 states, starting at 'Image processing'". */
    static String summary(WorkflowRecord w) {
        int states = w.definition().path("States").size();
        return states + (states == 1 ? " state" : " states") + ", starting at '" + w.definition().path("StartAt").asText() + "'";
    }
}
