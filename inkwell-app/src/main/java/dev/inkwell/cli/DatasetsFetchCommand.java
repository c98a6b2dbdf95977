package dev.inkwell.cli;

import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.DatasetFetcher;
import dev.inkwell.dataset.KnownDataset;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Get MNIST or Fashion-MNIST: download from the public mirrors, or copy from a local folder with --from.",
                "Every file's SHA-256 is checked before it lands in the output folder; verified files already there are kept."})
public final class DatasetsFetchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "mnist|fashion-mnist", description = "Which dataset.")
    String name;

    @Option(names = "--from", paramLabel = "DIR", description = "Copy from this folder instead of downloading.")
    Path from;

    @Option(names = "--dir", paramLabel = "OUT", description = "Output folder (default: $INKWELL_HOME/datasets/NAME, INKWELL_HOME defaults to ./inkwell-data).")
    Path dir;

    @Option(names = "--mirror", paramLabel = "URL", description = "Download from these base URLs instead of the built-in mirrors.")
    List<URI> mirrors;

    @Override
    public void run() {
        KnownDataset dataset;
        try {
            dataset = KnownDataset.byId(name);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path out = dir != null ? dir
                : InkwellHome.path().resolve("datasets").resolve(dataset.id());
        List<DatasetFetcher.Fetched> fetched;
        try (Progress progress = ConsoleProgress.forConsole(common.json())) {
            if (from != null) {
                fetched = DatasetFetcher.fromFolder(dataset, from, out, progress);
            } else {
                try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(20)).build()) {
                    fetched = DatasetFetcher.download(dataset, mirrors == null || mirrors.isEmpty() ? dataset.mirrors() : mirrors,
                            out, client, progress);
                }
            }
        }
        PrintWriter pw = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(pw, Map.of("dataset", dataset.id(), "dir", out.toString(), "files", fetched.stream()
                    .map(f -> Map.of("file", f.file().toString(), "sha256", f.sha256(), "origin", f.origin())).toList()));
        } else {
            for (DatasetFetcher.Fetched f : fetched) {
                pw.println((f.origin().equals("present") ? "kept     " : "verified ") + f.file() + "  sha256:" + f.sha256().substring(0, 16) + "…");
            }
            pw.println(dataset.id() + " is in " + out);
            pw.flush();
        }
    }
}
