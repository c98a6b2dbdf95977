package dev.inkwell.cli.workflow;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.runtime.ExecutionRecord;
import dev.inkwell.workflow.runtime.ExecutionStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop a running execution wherever it runs (StopExecution): it ends ABORTED, with an ExecutionAborted event.",
                "The process running it lets it go at its next step. A finished execution is left as it is."})
public final class ExecutionsStopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "ARN|WORKFLOW:NAME", description = "The execution.")
    String execution;

    @Option(names = "--error", paramLabel = "ERROR", description = "The error recorded (e.g. Stopped.ByUser).")
    String error;

    @Option(names = "--cause", paramLabel = "TEXT", description = "Why, in words.")
    String cause;

    @Override
    public Integer call() {
        if (error != null && error.length() > 256) throw new ParameterException(spec.commandLine(), "--error: at most 256 characters");
        if (cause != null && cause.length() > 32768) throw new ParameterException(spec.commandLine(), "--cause: at most 32768 characters");
        ExecutionStore executions = Workflows.executions(store.open());
        String arn = Workflows.executionArn(execution);
        ExecutionStatus before = executions.describe(arn).status();
        ExecutionRecord r = executions.stop(arn, error, cause, Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            var json = r.toJson(Workflows.stateMachineArn(r.workflow()));
            json.put("stopped", before == ExecutionStatus.RUNNING);
            JsonOutput.print(out, json);
        } else if (before == ExecutionStatus.RUNNING) {
            out.println("stopped " + r.arn() + ": " + r.status());
        } else {
            out.println(r.arn() + " had ended already (" + r.status() + "): nothing to stop");
        }
        out.flush();
        return Cli.OK;
    }
}
