package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {
    record Result(int code, String out, String err) { }

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
    void helpListsTheCommand() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: inkwell");
    }
}
