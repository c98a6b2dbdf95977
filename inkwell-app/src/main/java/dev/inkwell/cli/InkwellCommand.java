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
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "inkwell",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Recognise handwriting and run the whole life of the model: ingest, train, serve, monitor.")
public final class InkwellCommand implements Runnable {
    /**
     * The subcommands in the order help lists them. Not in the annotation: picocli would build the whole tree of ~60
     * commands (reflection over every option, in picocli's Java 5 bytecode that the AOT cache cannot link) on every
     * start, about 0.8 CPU-seconds; {@link Cli#commandLine(String...)} adds only the one a command line names.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            SampleCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
