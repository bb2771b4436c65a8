package bms.core.linalg.gpu;

/** A CUDA, cuBLAS or cuSOLVER call failed; the message names the call and the status. */
public class CudaException extends RuntimeException {
  private final String call;
  private final int status;

  public CudaException(String call, int status, String message) {
    super(message);
    this.call = call;
    this.status = status;
  }

  /** The library function that failed, such as {@code cublasDgemm}. */
  public String call() {
    return call;
  }

  /** The status code the library returned. */
  public int status() {
    return status;
  }
}
