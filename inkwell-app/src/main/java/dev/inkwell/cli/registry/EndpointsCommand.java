package dev.inkwell.cli.registry;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.RegistryOptions;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.EndpointRevision;
import dev.inkwell.registry.endpoint.EndpointStore;
import dev.inkwell.registry.endpoint.Shadow;
import dev.inkwell.registry.endpoint.Variant;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inkwell endpoints}: stored endpoints — variants and weights, a shadow, capture — that every serve replica follows. */
@Command(name = "endpoints", mixinStandardHelpOptions = true,
        description = {"Stored endpoints: weighted variants (a version, or an alias they follow), an optional shadow, traffic capture.",
                "Every 'inkwell serve' sharing the store serves them and follows each change within about a second, without downtime."},
        subcommands = {EndpointsCommand.Create.class, EndpointsCommand.Update.class, EndpointsCommand.Describe.class,
                EndpointsCommand.ListEndpoints.class, EndpointsCommand.Delete.class, EndpointsCommand.History.class,
                EndpointsCommand.Rollback.class})
public final class EndpointsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() {
        return ListEndpoints.print(spec, common, registry.open().endpoints());
    }

    /** The options that define an endpoint. */
    static final class DefinitionOptions {
        @Option(names = "--variant", required = true, paramLabel = "NAME=MODEL[:WEIGHT]",
                description = {"A production variant (repeatable): e.g. a=mnist@champion:90 b=mnist@challenger:10.",
                        "MODEL is a registered NAME@ALIAS (followed as it moves) or NAME:VERSION, a bundled name or a path;",
                        "the weight is the last ':N' (a pinned version with its weight: a=mnist:3:100)."})
        List<String> variants = new ArrayList<>();

        @Option(names = "--shadow", paramLabel = "NAME=MODEL[:PERCENT%]",
                description = "A shadow variant that reads a sampled copy of the traffic; its answers are recorded, never returned (e.g. c=mnist:4:10%%).")
        String shadow;

        @Option(names = "--capture", paramLabel = "PERCENT|VARIANT=PERCENT",
                description = {"Capture this share of requests (and answers) for monitoring (default 0, off); VARIANT=PERCENT sets one",
                        "variant's or the shadow's own share (repeatable): --capture 10 --capture c=100."})
        List<String> capture = new ArrayList<>();

        @Option(names = "--capture-to", paramLabel = "s3://BUCKET/PREFIX", description = "Where captures go (default s3://captures/).")
        String captureTo;

        @Option(names = "--require-approved", description = "Serve only registered versions that are approved.")
        boolean requireApproved;

        EndpointDefinition definition(String name) {
            List<Variant> vs = new ArrayList<>();
            for (String v : variants) vs.add(Variant.parse(v));
            return new EndpointDefinition(name, vs, shadow == null ? null : Shadow.parse(shadow), CaptureSettings.parse(capture, captureTo),
                    requireApproved);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a stored endpoint.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;
        @Mixin
        DefinitionOptions definition;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return printRevision(spec, common, registry.open().endpoints().create(definition.definition(name)), "created");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a stored endpoint (a new revision; 'rollback' returns).")
    static final class Update implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;
        @Mixin
        DefinitionOptions definition;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return printRevision(spec, common, registry.open().endpoints().update(definition.definition(name)), "updated");
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a stored endpoint's definition.")
    static final class Describe implements Callable<Integer> {
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
            return printRevision(spec, common, registry.open().endpoints().get(name), null);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored endpoints.")
    static final class ListEndpoints implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        RegistryOptions registry;

        @Override
        public Integer call() {
            return print(spec, common, registry.open().endpoints());
        }

        static int print(CommandSpec spec, CommonOptions common, EndpointStore store) {
            List<EndpointRevision> all = store.list();
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                JsonOutput.print(out, Map.of("endpoints", all.stream().map(EndpointsCommand::json).toList()));
                return Cli.OK;
            }
            if (all.isEmpty()) out.println("no stored endpoints: create one with 'inkwell endpoints create NAME --variant a=MODEL'");
            for (EndpointRevision r : all) out.printf("%-24s revision %-3d %s%n", r.name(), r.revision(), summary(r.definition()));
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a stored endpoint (replicas stop serving it).")
    static final class Delete implements Callable<Integer> {
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
            registry.open().endpoints().delete(name);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) JsonOutput.print(out, Map.of("deleted", name));
            else out.printf("deleted endpoint %s%n", name);
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every revision of an endpoint, oldest first.")
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
            List<EndpointRevision> revisions = registry.open().endpoints().history(name);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                JsonOutput.print(out, Map.of("name", name, "revisions", revisions.stream().map(EndpointsCommand::json).toList()));
                return Cli.OK;
            }
            for (EndpointRevision r : revisions) {
                out.printf("%-3d %-8s %s  %s%n", r.revision(), r.action(), r.at(), r.definition() == null ? "" : summary(r.definition()));
            }
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Return an endpoint to its previous configuration.")
    static final class Rollback implements Callable<Integer> {
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
            return printRevision(spec, common, registry.open().endpoints().rollback(name), "rolled back");
        }
    }

    private static int printRevision(CommandSpec spec, CommonOptions common, EndpointRevision r, String done) {
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, json(r));
        } else {
            out.printf("%sendpoint %s, revision %d: %s%n", done == null ? "" : done + " ", r.name(), r.revision(), summary(r.definition()));
        }
        out.flush();
        return Cli.OK;
    }

    private static String summary(EndpointDefinition d) {
        if (d == null) return "(deleted)";
        List<String> parts = new ArrayList<>();
        for (Variant v : d.variants()) parts.add(v.name() + "=" + v.model() + (d.variants().size() > 1 ? " (" + v.weight() + ")" : ""));
        if (d.shadow() != null) parts.add("shadow " + d.shadow().name() + "=" + d.shadow().model() + " (" + d.shadow().percent() + " %)");
        if (d.capture().enabled()) parts.add("capture " + d.capture().describe() + " to " + d.capture().destination());
        if (d.requireApproved()) parts.add("approved versions only");
        return String.join(", ", parts);
    }

    private static Map<String, Object> json(EndpointRevision r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("revision", r.revision());
        m.put("action", r.action());
        m.put("at", r.at().toString());
        m.put("definition", r.definition());
        return m;
    }
}
