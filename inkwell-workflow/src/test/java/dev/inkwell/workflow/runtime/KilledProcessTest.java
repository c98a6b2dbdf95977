package dev.inkwell.workflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.store.Store;
import dev.inkwell.testing.PostgresServer;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.HistoryEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during 50 running executions: a second process takes them over when the first one's leases run out, and
 * every execution finishes with each task's effect recorded once and a history without gaps or repeats.
 */
class KilledProcessTest {
    private static final int EXECUTIONS = 50;

    @TempDir
    Path dir;

    @Test
    void sqliteFile() throws Exception {
        killAndResume(dir.resolve("inkwell.db").toString());
    }

    @Test
    void postgresql() throws Exception {
        killAndResume(PostgresServer.shared().newDatabase("killed"));
    }

    private void killAndResume(String location) throws Exception {
        List<Process> processes = new ArrayList<>();
        try (Store store = Store.open(location)) {
            Process first = launch(location, "first", "start", processes);
            // killed as soon as the executions are under way: each takes over 5 s (a 4 s wait between its first two
            // tasks), so none has finished however slowly a loaded machine started them
            ExecutionStore executions = new ExecutionStore(store);
            long underWay = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (executions.history(executions.list("steps", null, null, 1).getFirst().arn(), false, 10, 0).size() < 5) {
                assertThat(System.nanoTime()).as("the first execution gets past its first task").isLessThan(underWay);
                Thread.sleep(20);
            }
            Map<ExecutionStatus, Long> before = executions.counts("steps");
            first.destroyForcibly(); // SIGKILL
            first.waitFor(10, TimeUnit.SECONDS);
            assertThat(before.get(ExecutionStatus.RUNNING)).as("running when killed: " + before).isEqualTo(EXECUTIONS);

            launch(location, "second", "recover", processes);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (executions.counts("steps").get(ExecutionStatus.SUCCEEDED) < EXECUTIONS) {
                assertThat(System.nanoTime()).as("all finished in time: " + executions.counts("steps")).isLessThan(deadline);
                Thread.sleep(100);
            }

            TestTasks tasks = new TestTasks(store);
            assertThat(tasks.effects()).as("one effect per task").isEqualTo(3L * EXECUTIONS);
            assertThat(tasks.callRows()).as("calls, repeats included").isGreaterThanOrEqualTo(3L * EXECUTIONS);
            int takenOver = 0;
            for (ExecutionRecord r : executions.list("steps", null, null, 1000)) {
                List<HistoryEvent> history = executions.history(r.arn(), false, 1000, 0);
                assertThat(history).extracting(HistoryEvent::id).as(r.arn())
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
                assertThat(history.stream().filter(e -> e.type().equals("TaskSucceeded")).count()).as(r.arn()).isEqualTo(3);
                assertThat(history.getLast().type()).isEqualTo("ExecutionSucceeded");
                assertThat(r.output().path("count").asInt()).as("three effects carried through").isEqualTo(3);
                if ("second".equals(r.owner())) takenOver++;
            }
            assertThat(takenOver).as("executions finished by the second process").isEqualTo(EXECUTIONS);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static Process launch(String location, String owner, String mode, List<Process> processes) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                RuntimeProcess.class.getName(), location, owner, "1500", mode));
        if (mode.equals("start")) command.add(Integer.toString(EXECUTIONS));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        List<String> seen = new ArrayList<>();
        while ((line = out.readLine()) != null) {
            seen.add(line);
            if (line.equals("READY")) break;
            assertThat(System.nanoTime()).as("process ready: " + seen).isLessThan(deadline);
        }
        assertThat(line).as("process output: " + seen).isEqualTo("READY");
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its pipe drained
        return p;
    }
}
