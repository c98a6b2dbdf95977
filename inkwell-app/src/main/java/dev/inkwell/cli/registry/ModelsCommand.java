package dev.inkwell.cli.registry;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.RegistryOptions;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ApprovalStatus;
import dev.inkwell.registry.ModelEvent;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.RegisteredModel;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inkwell models}: the model registry — versions, aliases, approval, history. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"The model registry: registered models with numbered versions, aliases (champion, challenger, …) and their history.",
                "Versions live in the store (--store) with their files in a bucket (--buckets); every replica sharing them sees the same."},
        subcommands = {ModelsCommand.Register.class, ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Alias.class,
                ModelsCommand.History.class, ModelsCommand.Download.class, ModelsCommand.Approve.class, ModelsCommand.Reject.class,
                ModelsCommand.Delete.class})
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    RegistryOptions registry;

    /** Without a subcommand: the list. */
    @Override
    public Integer call() {
        return ListModels.print(spec, common, registry.open());
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a model as the next version of NAME.")
    static final class Register implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME", description = "The registered model's name.")
        String name;

        @Option(names = "--from", required = true, paramLabel = "MODEL",
                description = "A model folder (as train writes it), an .onnx file, a bundled name (mnist, …) or a registered version.")
        String from;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "Point this alias (e.g. champion) at the new version.")
        String alias;

        @Option(names = "--source", paramLabel = "KIND", defaultValue = "import",
                description = "How the model was made: train, finetune, calibrate, upload or import (default: ${DEFAULT-VALUE}).")
        String source;

        @Option(names = "--approve", description = "Register it approved (endpoints that require approval can serve it at once).")
        boolean approve;

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag (repeatable).")
        List<String> tags = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, String> t = new TreeMap<>();
            for (String kv : tags) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new InvalidInputException("--tag " + kv + ": expected KEY=VALUE");
                t.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            VersionSource kind;
            try {
                kind = VersionSource.parse(source);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--source: " + e.getMessage());
            }
            Registration r = Registration.of(name, ModelRef.parse(from), kind).withAlias(alias).withTags(t)
                    .withStatus(approve ? ApprovalStatus.APPROVED : ApprovalStatus.PENDING);
            ModelVersion v = registry.open().register(r);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) JsonOutput.print(out, versionJson(v));
            else out.printf("registered %s (%s, sha256 %s…)%s%n", v.label(), v.status().id(), v.sha256().substring(0, 12),
                    alias == null ? "" : "; " + name + "@" + alias + " -> " + v.version());
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Override
        public Integer call() {
            return print(spec, common, registry.open());
        }

        static int print(CommandSpec spec, CommonOptions common, ModelRegistry registry) {
            List<RegisteredModel> models = registry.models();
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                JsonOutput.print(out, Map.of("models", models.stream().map(ModelsCommand::summaryJson).toList()));
                return Cli.OK;
            }
            if (models.isEmpty()) out.println("no registered models: register one with 'inkwell models register NAME --from PATH|mnist'");
            for (RegisteredModel m : models) {
                out.printf("%-24s %d version(s), latest %d%s%n", m.name(), m.versions().size(), m.latest().version(),
                        m.aliases().isEmpty() ? "" : "  " + aliases(m.aliases()));
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a model (all versions) or one version: NAME, NAME@ALIAS or NAME:VERSION.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME[@ALIAS|:VERSION]")
        String what;

        @Override
        public Integer call() {
            ModelRegistry r = registry.open();
            PrintWriter out = spec.commandLine().getOut();
            if (what.contains("@") || what.contains(":")) {
                ModelVersion v = r.version(registryRef(what));
                if (common.json()) {
                    Map<String, Object> json = versionJson(v);
                    json.put("reports", r.reports(v));
                    JsonOutput.print(out, json);
                } else {
                    out.printf("%s  %s, %s, %s, sha256 %s%n", v.label(), v.source().id(), v.status().id(), v.createdAt(), v.sha256());
                    out.printf("  %s, %,d parameters, %d classes, input %d×%d×%d%n", v.card().architecture(), v.card().parameterCount(),
                            v.card().classCount(), v.card().inputWidth(), v.card().inputHeight(), v.card().inputChannels());
                    if (!v.card().metrics().isEmpty()) out.println("  metrics: " + v.card().metrics());
                    if (!v.tags().isEmpty()) out.println("  tags: " + v.tags());
                    List<String> reports = r.reports(v);
                    if (!reports.isEmpty()) out.println("  reports: " + String.join(", ", reports));
                }
            } else {
                RegisteredModel m = r.model(what);
                if (common.json()) {
                    Map<String, Object> json = summaryJson(m);
                    json.put("versions", m.versions().stream().map(ModelsCommand::versionJson).toList());
                    JsonOutput.print(out, json);
                } else {
                    out.printf("%s%s%n", m.name(), m.aliases().isEmpty() ? "" : "  " + aliases(m.aliases()));
                    for (ModelVersion v : m.versions()) {
                        out.printf("  %-4d %-9s %-9s %s  %s%n", v.version(), v.source().id(), v.status().id(), v.createdAt(),
                                v.card().metrics().containsKey("testAccuracy") ? "test accuracy " + v.card().metrics().get("testAccuracy") : "");
                    }
                }
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true, description = "Point ALIAS of model NAME at VERSION (endpoints following it move without downtime).")
    static final class Alias implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "VERSION")
        int version;
        @Parameters(index = "2", paramLabel = "ALIAS")
        String alias;

        @Override
        public Integer call() {
            ModelVersion v = registry.open().moveAlias(name, alias, version);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) JsonOutput.print(out, Map.of("model", name, "alias", alias, "version", v.version()));
            else out.printf("%s@%s -> %d%n", name, alias, v.version());
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every version registered, alias moved and status changed, oldest first.")
    static final class History implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            List<ModelEvent> events = registry.open().history(name);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                List<Map<String, Object>> json = new ArrayList<>();
                for (ModelEvent e : events) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("kind", e.kind().id());
                    m.put("alias", e.alias());
                    m.put("from_version", e.fromVersion());
                    m.put("to_version", e.toVersion());
                    m.put("detail", e.detail());
                    m.put("at", e.at().toString());
                    json.add(m);
                }
                JsonOutput.print(out, Map.of("name", name, "events", json));
                return Cli.OK;
            }
            for (ModelEvent e : events) {
                String what = switch (e.kind()) {
                    case REGISTERED -> "version " + e.toVersion() + " registered (" + e.detail() + ")";
                    case ALIAS_MOVED -> "@" + e.alias() + " " + (e.fromVersion() == null ? "created at " : "moved " + e.fromVersion() + " -> ") + e.toVersion();
                    case ALIAS_REMOVED -> "@" + e.alias() + " removed (was " + e.fromVersion() + ")";
                    case STATUS -> "version " + e.toVersion() + " " + e.detail();
                    case TAGGED -> "version " + e.toVersion() + " tag " + e.detail();
                    case VERSION_DELETED -> "version " + e.fromVersion() + " deleted";
                };
                out.printf("%s  %s%n", e.at(), what);
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Copy a version's files (model.onnx, its card, parameters) into a folder.")
    static final class Download implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME@ALIAS|NAME:VERSION")
        String what;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() {
            ModelFiles files = registry.open().download(registryRef(what), out);
            PrintWriter w = spec.commandLine().getOut();
            if (common.json()) JsonOutput.print(w, Map.of("model", what, "folder", out.toString(), "onnx", files.onnx().toString()));
            else w.printf("%s written to %s%n", what, out);
            w.flush();
            return Cli.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve NAME:VERSION (endpoints that require approval may serve it).")
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME:VERSION")
        String what;

        @Override
        public Integer call() {
            return setStatus(spec, common, registry.open(), what, ApprovalStatus.APPROVED);
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject NAME:VERSION.")
    static final class Reject implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME:VERSION")
        String what;

        @Override
        public Integer call() {
            return setStatus(spec, common, registry.open(), what, ApprovalStatus.REJECTED);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a model (NAME) or one version (NAME:VERSION); refused while an endpoint serves it or an alias points at it.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Parameters(index = "0", paramLabel = "NAME[:VERSION]")
        String what;

        @Override
        public Integer call() {
            ModelRegistry r = registry.open();
            if (what.contains(":")) {
                ModelVersion v = r.version(registryRef(what));
                r.deleteVersion(v.name(), v.version());
            } else {
                r.deleteModel(what);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) JsonOutput.print(out, Map.of("deleted", what));
            else out.printf("deleted %s%n", what);
            out.flush();
            return Cli.OK;
        }
    }

    private static int setStatus(CommandSpec spec, CommonOptions common, ModelRegistry r, String what, ApprovalStatus status) {
        ModelVersion v = r.version(registryRef(what));
        ModelVersion changed = r.setStatus(v.name(), v.version(), status);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) JsonOutput.print(out, versionJson(changed));
        else out.printf("%s is %s%n", changed.label(), changed.status().id());
        out.flush();
        return Cli.OK;
    }

    /** {@code NAME@ALIAS} or {@code NAME:VERSION} (with or without {@code registry:}). */
    static ModelRef.Registry registryRef(String text) {
        String t = text.startsWith("registry:") ? text : "registry:" + text;
        if (ModelRef.parse(t) instanceof ModelRef.Registry r) return r;
        throw new InvalidInputException("'" + text + "': expected NAME@ALIAS or NAME:VERSION");
    }

    private static String aliases(Map<String, Integer> aliases) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(aliases).forEach((a, v) -> parts.add("@" + a + "=" + v));
        return String.join(" ", parts);
    }

    static Map<String, Object> summaryJson(RegisteredModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("description", m.description());
        out.put("created_at", m.createdAt().toString());
        out.put("latest", m.versions().isEmpty() ? null : m.latest().version());
        out.put("aliases", m.aliases());
        return out;
    }

    static Map<String, Object> versionJson(ModelVersion v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", v.name());
        out.put("version", v.version());
        out.put("sha256", v.sha256());
        out.put("artifact", v.artifact());
        out.put("source", v.source().id());
        out.put("status", v.status().id());
        out.put("tags", v.tags());
        out.put("created_at", v.createdAt().toString());
        out.put("architecture", v.card().architecture());
        out.put("parameters", v.card().parameterCount());
        out.put("metrics", v.card().metrics());
        return out;
    }
}
