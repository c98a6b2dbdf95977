package dev.inkwell.cli;

import dev.inkwell.dataset.ContactSheet;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.SampleReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sheet", mixinStandardHelpOptions = true,
        description = "Draw the first N samples of a dataset into a PNG contact sheet, each with its label under it ('?' when unlabelled).")
public final class DatasetsSheetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DatasetInputOptions input;

    @Parameters(index = "0", paramLabel = "PATH", description = "A dataset file or folder (the format is detected), or a samples table: table, table:NAME.")
    String path;

    @Option(names = {"-o", "--output"}, defaultValue = "sheet.png", paramLabel = "PNG", description = "Output file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = {"-n", "--count"}, defaultValue = "64", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--columns", defaultValue = "0", description = "Columns (default: a square grid).")
    int columns;

    @Option(names = "--scale", defaultValue = "2", description = "Enlarge each image this many times (default: ${DEFAULT-VALUE}).")
    int scale;

    @Override
    public void run() {
        if (count <= 0 || count > 10_000 || scale <= 0 || scale > 32 || columns < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count must be 1–10000, --scale 1–32 and --columns 0 or more");
        }
        Dataset dataset = input.open(path);
        ContactSheet.Sheet sheet;
        try (SampleReader reader = input.openSelected(dataset)) {
            sheet = ContactSheet.write(reader, count, columns, scale, output);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, Map.of("file", output.toString(), "samples", sheet.samples(),
                    "width", sheet.image().getWidth(), "height", sheet.image().getHeight()));
        } else {
            out.println("wrote " + sheet.samples() + " samples to " + output + " (" + sheet.image().getWidth() + "x" + sheet.image().getHeight() + ")");
            out.flush();
        }
    }
}
