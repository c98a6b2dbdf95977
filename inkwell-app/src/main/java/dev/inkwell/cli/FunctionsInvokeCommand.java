package dev.inkwell.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.builtin.RegistryDeployer;
import dev.inkwell.model.BundledModels;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Run a function once with a JSON event, as a trigger would, and print its answer.",
                "classify: {\"bucket\", \"key\", \"endpoint\"?, \"output_prefix\"?}; ingest: {\"bucket\", \"key\", \"table\"}; "
                        + "export: {\"table\", \"bucket\", \"key\", \"header\"?, \"uuid\"?, \"split\"?}. "
                        + "register: {\"bucket\", \"key\", \"endpoint\", \"model\"?, \"alias\"?} (a new registry version the endpoint follows)."})
public final class FunctionsInvokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    BucketOptions location;

    @Parameters(index = "0", paramLabel = "FUNCTION")
    String name;

    /** One of the two: picocli reads a bare {@code @FILE} argument as a file of arguments, so a file has its own option. */
    static final class EventSource {
        @Option(names = "--event", required = true, paramLabel = "JSON", description = "The event, as JSON text.")
        String json;

        @Option(names = "--event-file", required = true, paramLabel = "FILE", description = "The event, read from a JSON file.")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    EventSource event;

    @Option(names = "--model", paramLabel = "[NAME=]MODEL", description = "An endpoint for classify (repeatable; default: 'default' = "
            + BundledModels.DEFAULT + "). Loaded only when the function reads pictures.")
    List<String> models = new ArrayList<>();

    @Override
    public Integer call() {
        JsonNode parsed = parse();
        List<EndpointSpec> specs = new ArrayList<>();
        try {
            for (String m : models) specs.add(EndpointSpec.parse(m));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
        if (specs.isEmpty()) specs.add(new EndpointSpec(EndpointSpec.DEFAULT, BundledModels.DEFAULT));
        LazyRecognizers recognizers = new LazyRecognizers(specs);
        JsonNode answer;
        try (Buckets buckets = location.open(); recognizers) {
            // register: the version goes into the shared registry; running servers' endpoints follow it on their own
            var deployer = new RegistryDeployer(() -> ModelRegistry.open(store.open(), buckets), () -> { });
            FunctionEnvironment env = new FunctionEnvironment(buckets, store::open, recognizers, deployer, ServingConfig.Limits.defaults());
            answer = Functions.builtIn().invoke(name, parsed, Invocation.direct(env, "cli", Duration.ofHours(1)));
        } catch (FunctionFailure f) {
            throw new InkwellException(f.error() + ": " + f.getMessage(), f);
        }
        JsonOutput.print(spec.commandLine().getOut(), answer);
        return Cli.OK;
    }

    private JsonNode parse() {
        String text = event.json;
        String where = "--event";
        if (event.file != null) {
            Path file = event.file;
            where = file.toString();
            try {
                if (Files.size(file) > (1 << 20)) throw new InvalidInputException(InputLocation.file(where), "an event is at most 1 MiB");
                text = Files.readString(file);
            } catch (IOException e) {
                throw new InvalidInputException(InputLocation.file(where), "cannot read: " + e.getMessage());
            }
        }
        try {
            return JsonOutput.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidInputException(at == null ? InputLocation.file(where) : InputLocation.line(where, at.getLineNr(), at.getColumnNr()),
                    "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
