package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --register NAME [--alias ALIAS]} for the commands that make a model (train, finetune, calibrate): the model
 * folder they wrote becomes the next version of NAME in the registry of the command's store.
 */
public final class RegisterOptions {
    @Option(names = "--register", paramLabel = "NAME", description = "Also register the model as the next version of NAME in the model registry.")
    String name;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "With --register: point this alias (e.g. challenger) at the new version.")
    String alias;

    @Mixin
    BucketOptions buckets;

    /** Refuses {@code --alias} without {@code --register} before any work is done. */
    void check() {
        if (alias != null && name == null) throw new InvalidInputException("--alias needs --register NAME");
    }

    /** Registers {@code folder} when {@code --register} was given; null otherwise. */
    ModelVersion registerIfAsked(StoreOptions store, Path folder, VersionSource source) {
        if (name == null) return null;
        ModelRegistry registry = ModelRegistry.open(store.open(), buckets.shared());
        return registry.register(Registration.of(name, new ModelRef.LocalPath(folder.toAbsolutePath()), source).withAlias(alias));
    }

    /** Model references for this command, registry references through its store and buckets. */
    ModelResolvers resolvers(StoreOptions store) {
        return ModelLookup.resolvers(store, buckets);
    }

    /** What the JSON output says of a registration. */
    static Map<String, Object> json(ModelVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("sha256", v.sha256());
        m.put("status", v.status().id());
        return m;
    }

    /** What the text output says of a registration. */
    String line(ModelVersion v) {
        return "registered " + v.label() + (alias == null ? "" : "; " + v.name() + "@" + alias + " -> " + v.version());
    }
}
