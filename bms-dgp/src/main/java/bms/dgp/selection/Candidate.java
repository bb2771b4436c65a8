package bms.dgp.selection;

import java.util.Objects;

/** A model to compare: its name and how to build and train it. */
public record Candidate<D>(String name, Fitter<D> fitter) {
  public Candidate {
    Objects.requireNonNull(fitter, "fitter");
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a candidate needs a name");
  }
}
