package dev.inkwell.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code inkwell monitor}: baselines and monitoring runs over captured traffic (SageMaker Model Monitor's job). */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Model monitoring: make a baseline of a model on a dataset, then compare captured traffic of an endpoint with it.",
                "Files are SageMaker Model Monitor's: statistics.json, constraints.json, constraint_violations.json."},
        subcommands = {MonitorBaselineCommand.class, MonitorRunCommand.class})
public final class MonitorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
