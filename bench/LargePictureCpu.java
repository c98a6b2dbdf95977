import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.Recognizer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time and bytes allocated by one recognition (decode + preprocess + the bundled mnist model) of each picture
 * file given, median of N runs after a warm-up: unlike wrk's figures, barely moved by other work on the machine.
 * Run against any build's class path (bench/large-pictures.sh does it for this tree and the baseline).
 * Usage: java -cp CLASSPATH bench/LargePictureCpu.java RUNS PICTURE...  (small pictures too: allocation under 1 MB in KB)
 */
public class LargePictureCpu {
    public static void main(String[] args) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int runs = Integer.parseInt(args[0]);
        var classifier = OnnxImageClassifier.load(ModelResolvers.defaults().resolve("bundled:mnist"), 1);
        Recognizer recognizer = new Recognizer(classifier, PreprocessOptions.DEFAULT);
        for (String file : Arrays.copyOfRange(args, 1, args.length)) {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            long[] micros = new long[runs];
            long[] allocated = new long[runs];
            String number = "";
            for (int i = -Math.max(3, runs / 2); i < runs; i++) {
                long t = mx.getCurrentThreadCpuTime();
                long a = mx.getCurrentThreadAllocatedBytes();
                Recognition r = recognizer.recognize(bytes, file);
                if (i >= 0) {
                    micros[i] = (mx.getCurrentThreadCpuTime() - t) / 1000;
                    allocated[i] = mx.getCurrentThreadAllocatedBytes() - a;
                }
                number = r.number();
            }
            Arrays.sort(micros);
            Arrays.sort(allocated);
            long median = allocated[runs / 2];
            String amount = median < 1_000_000 ? String.format("%6.1f KB", median / 1e3) : String.format("%6.1f MB", median / 1e6);
            System.out.printf("%-16s CPU per recognition: median %7.1f ms, min %7.1f ms; allocated %s; read \"%s\"%n",
                    Path.of(file).getFileName(), micros[runs / 2] / 1000.0, micros[0] / 1000.0, amount, number);
        }
        classifier.close();
    }
}
