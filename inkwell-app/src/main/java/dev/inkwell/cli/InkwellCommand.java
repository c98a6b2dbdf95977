package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketsCommand;
import dev.inkwell.cli.bucket.CpCommand;
import dev.inkwell.cli.bucket.LsCommand;
import dev.inkwell.cli.bucket.RmCommand;
import dev.inkwell.cli.registry.EndpointsCommand;
import dev.inkwell.cli.registry.ModelsCommand;
import dev.inkwell.cli.retrain.RetrainCommand;
import dev.inkwell.cli.workflow.ExecutionsCommand;
import dev.inkwell.cli.workflow.WorkflowsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "inkwell",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Recognise handwriting and run the whole life of the model: ingest, train, serve, monitor.",
        subcommands = {
                DatasetsCommand.class,
                IngestCommand.class,
                TablesCommand.class,
                Img2CsvCommand.class,
                PredictCommand.class,
                ServeCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                CalibrateCommand.class,
                FineTuneCommand.class,
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
                RetrainCommand.class,
                SampleCommand.class,
        })
public final class InkwellCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
