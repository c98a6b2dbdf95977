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
import dev.inkwell.workflow.runtime.ExecutionRecord;
import dev.inkwell.workflow.runtime.WorkflowRuntime;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start an execution of a stored workflow.",
                "Without --wait it is recorded in the store and its ARN printed: a running 'inkwell serve' on the same store starts it "
                        + "within seconds ('inkwell executions describe ARN' follows it). With --wait it runs here, on the store, and its "
                        + "final description is printed; the exit code is 0 only when it SUCCEEDED.",
                "Starting again with the same --name and input returns the same execution."})
public final class WorkflowsStartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    FunctionOptions functions;

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow.")
    String workflow;

    @Option(names = "--input", paramLabel = "JSON|@FILE", defaultValue = "{}",
            description = "The execution's input: JSON text, or @FILE (or FILE) for a JSON file's (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--name", paramLabel = "NAME", description = "The execution's name: letters, digits, '-', '_' (default: a UUID).")
    String name;

    @Option(names = "--wait", description = "Run the execution here and wait for its end.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1h",
            description = "With --wait: how long to wait (default: ${DEFAULT-VALUE}). An execution still running then is handed over "
                    + "to any 'inkwell serve' on the store.")
    Duration timeout;

    @Override
    public Integer call() {
        JsonNode in = JsonSources.argument(input, "--input");
        Store s = store.open();
        PrintWriter out = spec.commandLine().getOut();
        if (!await) {
            WorkflowRuntime.Started started = WorkflowRuntime.enqueue(Workflows.catalog(s), Workflows.executions(s), Clock.systemUTC(),
                    workflow, name, in);
            ExecutionRecord r = started.execution();
            if (common.json()) {
                ObjectNode json = JsonTrees.object();
                json.put("executionArn", r.arn());
                json.put("startDate", r.startedAt().toString());
                json.put("status", r.status().name());
                json.put("created", started.created());
                JsonOutput.print(out, json);
            } else {
                out.println(r.arn());
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                err.println(started.created() ? "queued: a running 'inkwell serve' on this store starts it; 'inkwell executions describe "
                        + Workflows.shortName(r.workflow(), r.name()) + "' follows it"
                        : "an execution of this name and input exists already (" + r.status() + ")");
                err.flush();
            }
            return Cli.OK;
        }
        ExecutionRecord done;
        try (FunctionOptions.Tasks tasks = functions.open(spec, store);
             WorkflowRuntime runtime = WorkflowRuntime.builder(s, tasks.router()).takeOver(false).build()) {
            WorkflowRuntime.Started started = runtime.start(workflow, name, in, null);
            if (!common.json()) {
                spec.commandLine().getErr().println((started.created() ? "running " : "waiting for ") + started.execution().arn());
                spec.commandLine().getErr().flush();
            }
            done = runtime.await(started.execution().arn(), timeout);
        }
        if (common.json()) JsonOutput.print(out, done.toJson(Workflows.stateMachineArn(done.workflow())));
        else ExecutionViews.describe(out, done);
        return outcome(spec, done);
    }

    /** 0 when it SUCCEEDED; else 1, with why on stderr. */
    static int outcome(CommandSpec spec, ExecutionRecord r) {
        if (r.status() == ExecutionStatus.SUCCEEDED) return Cli.OK;
        PrintWriter err = spec.commandLine().getErr();
        if (r.status() == ExecutionStatus.RUNNING) {
            err.println("inkwell: " + r.arn() + " is still running after --timeout: a running 'inkwell serve' on this store takes it over");
        } else {
            err.println("inkwell: the execution " + r.status() + (r.error() == null ? "" : ": " + r.error())
                    + (r.cause() == null ? "" : ": " + ExecutionViews.cut(r.cause(), ExecutionViews.WIDE)));
        }
        err.flush();
        return Cli.FAILURE;
    }
}
