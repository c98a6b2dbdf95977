package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketsCommand;
import dev.inkwell.cli.bucket.CpCommand;
import dev.inkwell.cli.bucket.LsCommand;
import dev.inkwell.cli.bucket.RmCommand;
import dev.inkwell.cli.registry.EndpointsCommand;
import dev.inkwell.cli.registry.ModelsCommand;
import dev.inkwell.cli.workflow.ExecutionsCommand;
import dev.inkwell.cli.workflow.WorkflowsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code inkwell} command of the serving image: {@link InkwellCommand} without train, finetune, calibrate and
 * retrain, whose classes need inkwell-train (DJL + PyTorch), which that image leaves out. Nothing here may name a
 * class of inkwell-train: {@code ServeClasspathTest} runs every subcommand's help on a class path without it.
 */
@Command(name = "inkwell",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Serve, predict, monitor and manage models (the serving build: training commands are in the full image).",
        subcommands = {
                DatasetsCommand.class,
                IngestCommand.class,
                TablesCommand.class,
                Img2CsvCommand.class,
                PredictCommand.class,
                ServeCommand.class,
                EvaluateCommand.class,
                BucketsCommand.class,
                LsCommand.class,
                CpCommand.class,
                RmCommand.class,
                TriggersCommand.class,
                FunctionsCommand.class,
                ExportCommand.class,
                ModelsCommand.class,
                EndpointsCommand.class,
                WorkflowsCommand.class,
                ExecutionsCommand.class,
                MonitorCommand.class,
                LabelCommand.class,
                SampleCommand.class,
        })
public final class ServeOnlyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
