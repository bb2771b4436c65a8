package bms.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arguments of {@code bms bench study} and its flop counts' shape rules. */
class StudyBenchmarkOptionsTest {
  @Test
  void defaultsAreTheTwoPublishedSizesAndEveryModel() {
    StudyBenchmark.Options o = StudyBenchmark.Options.parse(new String[0]);
    assertEquals(List.of(new StudyBenchmark.Size(200, 100), new StudyBenchmark.Size(1000, 200)), o.sizes());
    assertEquals(StudyBenchmark.MODELS, o.models());
  }

  @Test
  void parsesSizesAndModels() {
    StudyBenchmark.Options o = StudyBenchmark.Options.parse(
        new String[] {"--sizes", "50x20", "--models", "svgp-rbf,conv", "--max-steps", "4"});
    assertEquals(List.of(new StudyBenchmark.Size(50, 20)), o.sizes());
    assertEquals(List.of("svgp-rbf", "conv"), o.models());
    assertEquals(4, o.maxSteps());
  }

  @Test
  void badArgumentsNameTheProblem() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StudyBenchmark.Options.parse(new String[] {"--models", "svgp-foo"})).getMessage().contains("svgp-foo"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StudyBenchmark.Options.parse(new String[] {"--sizes", "200"})).getMessage().contains("MxB"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StudyBenchmark.Options.parse(new String[] {"--frobnicate", "1"})).getMessage().contains("--frobnicate"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StudyBenchmark.Options.parse(new String[] {"--sizes"})).getMessage().contains("needs a value"));
  }

  /** Invariant models do strictly more work than the plain one, and work grows with M and B. */
  @Test
  void flopCountsGrowWithTheModelAndItsShapes() {
    StudyBenchmark.Size small = new StudyBenchmark.Size(200, 100), large = new StudyBenchmark.Size(1000, 200);
    for (String m : StudyBenchmark.MODELS) {
      assertTrue(StudyBenchmark.flops(m, large) > StudyBenchmark.flops(m, small), m);
    }
    assertTrue(StudyBenchmark.flops("svgp-rotation", small) > StudyBenchmark.flops("svgp-rbf", small));
    assertEquals(StudyBenchmark.flops("svgp-rotation", large), StudyBenchmark.flops("svgp-affine", large));
  }
}
