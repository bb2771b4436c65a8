package bms.dgp.selection;

import java.io.IOException;

/**
 * How a candidate is built and trained: a fresh model trained on {@code request.train()} and
 * scored on {@code request.test()}.
 *
 * @param <D> the data type (a plain dataset, a standardised split, images...)
 */
@FunctionalInterface
public interface Fitter<D> {
  Fit fit(FitRequest<D> request) throws IOException;
}
