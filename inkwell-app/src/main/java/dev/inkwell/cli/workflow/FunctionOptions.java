package dev.inkwell.cli.workflow;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.cli.LazyRecognizers;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.builtin.RegistryDeployer;
import dev.inkwell.functions.workflow.FunctionTaskRouter;
import dev.inkwell.model.BundledModels;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the functions of a workflow run here work with (a picocli mixin): the buckets ({@code --buckets}) and the
 * endpoints ({@code --model}), loaded on the first picture. A {@code command} function inherits this process's
 * environment, so {@code AWS_ENDPOINT_URL} set here points its AWS SDK at an Inkwell S3 API.
 */
public final class FunctionOptions {
    @Mixin
    BucketOptions buckets;

    @Option(names = "--model", paramLabel = "[NAME=]MODEL",
            description = "An endpoint for classify (repeatable; default: 'default' = " + BundledModels.DEFAULT
                    + "). Loaded only when a function reads a picture.")
    List<String> models = new ArrayList<>();

    /** Functions, routed for a workflow, and what they hold open. */
    record Tasks(FunctionTaskRouter router, LazyRecognizers recognizers) implements AutoCloseable {
        @Override
        public void close() {
            recognizers.close();
        }
    }

    Tasks open(CommandSpec spec, StoreOptions store) {
        List<EndpointSpec> specs = new ArrayList<>();
        try {
            for (String m : models) specs.add(EndpointSpec.parse(m));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
        if (specs.isEmpty()) specs.add(new EndpointSpec(EndpointSpec.DEFAULT, BundledModels.DEFAULT));
        LazyRecognizers recognizers = new LazyRecognizers(specs);
        Buckets shared = buckets.shared();
        var deployer = new RegistryDeployer(() -> ModelRegistry.open(store.open(), shared), () -> { });
        FunctionEnvironment env = new FunctionEnvironment(shared, store::open, recognizers, deployer, ServingConfig.Limits.defaults());
        return new Tasks(new FunctionTaskRouter(Functions.builtIn(), () -> env, Map.of()), recognizers);
    }

    /** A router that only checks workflows as they are saved (their tasks run where the workflow runs). */
    static FunctionTaskRouter checking() {
        return new FunctionTaskRouter(Functions.builtIn(), () -> {
            throw new IllegalStateException("this router only checks workflows");
        }, Map.of());
    }
}
