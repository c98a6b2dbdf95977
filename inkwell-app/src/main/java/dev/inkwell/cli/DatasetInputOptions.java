package dev.inkwell.cli;

import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.LabelSource;
import dev.inkwell.dataset.ReadOptions;
import dev.inkwell.dataset.SampleReader;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** How dataset commands read their input (a picocli mixin). */
public final class DatasetInputOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @picocli.CommandLine.Mixin
    StoreOptions store;

    @Option(names = "--split", defaultValue = "all", paramLabel = "train|test|all",
            description = "Read only this split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--classes", split = ",", paramLabel = "N[,N…]",
            description = "Keep only these labels, e.g. --classes 8,48 (CIFAR-100 bicycle, motorcycle).")
    List<Integer> classes;

    @Option(names = "--channels", defaultValue = "1", paramLabel = "1|3",
            description = "Image folders: decode to grey (1, default) or RGB (3).")
    int channels;

    @Option(names = "--labels", defaultValue = "AUTO", paramLabel = "auto|file_name|folder|none",
            description = "Image folders: where labels come from (default: parent folder if numeric, else first character of the file name).")
    LabelSource labels;

    ReadOptions readOptions() {
        if (channels != 1 && channels != 3) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(), "--channels must be 1 or 3");
        }
        return ReadOptions.DEFAULT.withChannels(channels).withLabels(labels).withClasses(classes == null ? null : Set.copyOf(classes));
    }

    /** A dataset file or folder, or a samples table ({@code table}, {@code table:NAME}). */
    Dataset open(String data) {
        return store.dataset(data, readOptions());
    }

    SampleReader openSelected(Dataset dataset) {
        return selectedSplit(dataset).open();
    }

    /** {@code dataset} narrowed to the chosen split ({@code all}: unchanged). */
    Dataset selectedSplit(Dataset dataset) {
        return split.equalsIgnoreCase("all") ? dataset : dataset.split(split);
    }

    /** Samples the selection will yield, when the format can tell cheaply; -1 otherwise. */
    long expectedCount(Dataset dataset) {
        return classes != null ? -1 : selectedSplit(dataset).expectedCount();
    }
}
