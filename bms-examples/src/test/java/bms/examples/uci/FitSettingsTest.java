package bms.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FitSettingsTest {
  @Test
  void publishedSettingIsTheKin8nmStudy() {
    FitSettings p = FitSettings.published();
    assertEquals(100, p.numInducing());
    assertEquals(1000, p.batchSize());
    assertEquals(5000, p.steps());
    assertEquals(0.01, p.learningRate());
    assertEquals(5, p.trainSamples());
    assertEquals(100, p.testSamples());
    assertEquals(8, p.hiddenWidth(8));
    assertEquals(30, p.hiddenWidth(784));
  }

  @Test
  void everyBadValueIsNamed() {
    String[][] cases = {
        {"--inducing", "0"}, {"--batch", "-1"}, {"--steps", "0"}, {"--lr", "0"}, {"--lr", "NaN"},
        {"--train-samples", "0"}, {"--test-samples", "0"}, {"--noise-init", "-0.1"}, {"--max-width", "0"}};
    for (String[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(c[0], c[1]));
      assertTrue(e.getMessage().contains(c[0]) && e.getMessage().contains(c[1]), e.getMessage());
    }
  }

  private static FitSettings with(String option, String value) {
    FitSettings p = FitSettings.published();
    double v = Double.parseDouble(value);
    return new FitSettings(option.equals("--inducing") ? (int) v : p.numInducing(),
        option.equals("--batch") ? (int) v : p.batchSize(), option.equals("--steps") ? (long) v : p.steps(),
        option.equals("--lr") ? v : p.learningRate(), option.equals("--train-samples") ? (int) v : p.trainSamples(),
        option.equals("--test-samples") ? (int) v : p.testSamples(), option.equals("--noise-init") ? v : p.noiseVariance(),
        option.equals("--max-width") ? (int) v : p.maxHiddenWidth(), p.kmeansMaxPoints());
  }
}
