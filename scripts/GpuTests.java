import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the JUnit tests of one package (default bms.core.linalg.gpu) on the GPU machine, where
 * there is no Maven: the CUDA tests that are skipped elsewhere run there. Prints run, passed,
 * failed and skipped counts per class; exit status 1 when any test failed.
 * Compiled by scripts/gpu-bundle.sh against the JUnit platform launcher.
 */
public final class GpuTests {
  public static void main(String[] args) {
    String pkg = args.length > 0 ? args[0] : "bms.core.linalg.gpu";
    Map<String, int[]> perClass = new TreeMap<>(); // passed, failed, skipped or aborted
    TestExecutionListener counter = new TestExecutionListener() {
      private int[] row(TestIdentifier id) {
        String cls = id.getSource().filter(s -> s instanceof MethodSource)
            .map(s -> ((MethodSource) s).getClassName()).orElse("?");
        return perClass.computeIfAbsent(cls, k -> new int[3]);
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) return;
        // An assumption that failed (no GPU) aborts the test: count it as skipped.
        row(id)[switch (result.getStatus()) {
          case SUCCESSFUL -> 0;
          case FAILED -> 1;
          case ABORTED -> 2;
        }]++;
      }

      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) row(id)[2]++;
      }
    };
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectPackage(pkg)).build(), summary, counter);
    perClass.forEach((cls, c) -> System.out.printf("%-55s passed %4d  failed %4d  skipped %4d%n", cls, c[0], c[1], c[2]));
    TestExecutionSummary s = summary.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    s.printTo(out);
    s.printFailuresTo(out, 25);
    System.exit(s.getTotalFailureCount() == 0 && s.getTestsFoundCount() > 0 ? 0 : 1);
  }
}
