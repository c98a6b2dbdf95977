package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JsonOutput.mapper().readTree(out);
        }
    }

    /** {@code a} followed by {@code b}: a command's own arguments and options shared by several runs. */
    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("inkwell 0.");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<String> paths = new ArrayList<>();
        collect(Cli.commandLine(), "", paths);
        assertThat(paths).contains("predict", "serve", "train", "datasets info");
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(path + " --help").isZero();
            assertThat(r.out()).as(path + " --help").contains("Usage: inkwell " + path);
        }
    }

    private static void collect(CommandLine cl, String prefix, List<String> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + " " + e.getKey();
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }

    @Test
    void aCommandLineNamingASubcommandBuildsOnlyThatOne() {
        assertThat(Cli.commandLine("serve", "--port", "0").getSubcommands()).containsOnlyKeys("serve");
        assertThat(Cli.commandLine("datasets", "info").getSubcommands()).containsOnlyKeys("datasets");
        assertThat(Cli.commandLine("datasets").getSubcommands().get("datasets").getSubcommands()).containsKey("info");
        for (Map.Entry<String, CommandLine> e : Cli.commandLine().getSubcommands().entrySet()) { // every name and alias
            Map<String, CommandLine> built = Cli.commandLine(e.getKey()).getSubcommands();
            assertThat(built).as(e.getKey()).containsKey(e.getKey());
            assertThat(new HashSet<>(built.values())).as(e.getKey()).hasSize(1);
            assertThat(built.get(e.getKey()).getCommand().getClass()).as(e.getKey()).isEqualTo(e.getValue().getCommand().getClass());
        }
    }

    @Test
    void theVersionAloneBuildsNoSubcommandAndPrintsWhatTheWholeTreePrints() {
        for (String flag : List.of("--version", "-V")) {
            CommandLine versionOnly = Cli.commandLine(flag);
            assertThat(versionOnly.getSubcommands()).isEmpty();
            StringWriter out = new StringWriter();
            versionOnly.setOut(new PrintWriter(out, true));
            assertThat(versionOnly.execute(flag)).isZero();
            assertThat(out.toString()).isEqualTo(run(flag).out()).startsWith("inkwell 0.");
        }
        assertThat(Cli.commandLine("--version", "--help").getSubcommands()).hasSize(InkwellCommand.SUBCOMMANDS.size());
    }

    @Test
    void withoutAKnownSubcommandTheWholeTreeIsBuilt() {
        int all = Cli.commandLine().getSubcommands().size();
        assertThat(all).isEqualTo(InkwellCommand.SUBCOMMANDS.size());
        assertThat(Cli.commandLine().getSubcommands()).hasSize(all);
        assertThat(Cli.commandLine("--help").getSubcommands()).hasSize(all);
        assertThat(Cli.commandLine("serv").getSubcommands()).hasSize(all); // a typo still gets picocli's suggestions
        assertThat(Cli.commandLine("").getSubcommands()).hasSize(all);
    }

    @Test
    void everySubcommandAnswersTheSameThroughTheLazyCommandLine() {
        for (String name : Cli.commandLine().getSubcommands().keySet()) {
            StringWriter lazy = new StringWriter();
            CommandLine cl = Cli.commandLine(name, "--help");
            cl.setOut(new PrintWriter(lazy, true));
            assertThat(cl.execute(name, "--help")).as(name).isZero();
            assertThat(lazy.toString()).as(name).isEqualTo(run(name, "--help").out());
        }
    }

    @Test
    void aBadOptionOfALazilyBuiltSubcommandIsStillAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine("serve", "--no-such-option");
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("serve", "--no-such-option")).isEqualTo(Cli.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void helpListsTheCommand() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: inkwell");
    }
}
