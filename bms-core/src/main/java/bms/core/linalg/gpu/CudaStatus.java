package bms.core.linalg.gpu;

import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_ALLOC_FAILED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_ARCH_MISMATCH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_EXECUTION_FAILED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_INTERNAL_ERROR;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_INVALID_VALUE;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_LICENSE_ERROR;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_MAPPING_ERROR;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_NOT_INITIALIZED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_NOT_SUPPORTED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cudaErrorCompatNotSupportedOnDevice;
import static org.bytedeco.cuda.global.cudart.cudaErrorDevicesUnavailable;
import static org.bytedeco.cuda.global.cudart.cudaErrorIllegalAddress;
import static org.bytedeco.cuda.global.cudart.cudaErrorInitializationError;
import static org.bytedeco.cuda.global.cudart.cudaErrorInsufficientDriver;
import static org.bytedeco.cuda.global.cudart.cudaErrorInvalidDevice;
import static org.bytedeco.cuda.global.cudart.cudaErrorInvalidValue;
import static org.bytedeco.cuda.global.cudart.cudaErrorLaunchFailure;
import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaErrorNoDevice;
import static org.bytedeco.cuda.global.cudart.cudaErrorSystemDriverMismatch;
import static org.bytedeco.cuda.global.cudart.cudaErrorUnknown;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_ALLOC_FAILED;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_ARCH_MISMATCH;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_EXECUTION_FAILED;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_INTERNAL_ERROR;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_INVALID_VALUE;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_NOT_INITIALIZED;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_NOT_SUPPORTED;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_STATUS_SUCCESS;

/**
 * Turns status codes of the CUDA runtime, cuBLAS and cuSOLVER into Java exceptions. The codes
 * are compile-time constants of the JavaCPP presets (inlined by javac), so this class works, and
 * is tested, on machines where the CUDA libraries cannot be loaded.
 */
final class CudaStatus {
  private CudaStatus() {}

  /** Throws unless {@code status} is {@code cudaSuccess}. */
  static void checkRuntime(int status, String call) {
    if (status == cudaSuccess) return;
    String text = runtimeName(status);
    if (status == cudaErrorMemoryAllocation) {
      throw new GpuOutOfMemoryException(call, status, call + " failed: out of GPU memory (" + text + ")");
    }
    throw new CudaException(call, status, call + " failed: " + text + runtimeHint(status));
  }

  /** Throws unless {@code status} is {@code CUBLAS_STATUS_SUCCESS}. */
  static void checkCublas(int status, String call) {
    if (status == CUBLAS_STATUS_SUCCESS) return;
    String text = cublasName(status);
    if (status == CUBLAS_STATUS_ALLOC_FAILED) {
      throw new GpuOutOfMemoryException(call, status, call + " failed: out of GPU memory (" + text + ")");
    }
    throw new CudaException(call, status, call + " failed: " + text);
  }

  /** Throws unless {@code status} is {@code CUSOLVER_STATUS_SUCCESS}. */
  static void checkCusolver(int status, String call) {
    if (status == CUSOLVER_STATUS_SUCCESS) return;
    String text = cusolverName(status);
    if (status == CUSOLVER_STATUS_ALLOC_FAILED) {
      throw new GpuOutOfMemoryException(call, status, call + " failed: out of GPU memory (" + text + ")");
    }
    throw new CudaException(call, status, call + " failed: " + text);
  }

  static String runtimeName(int status) {
    String name = switch (status) {
      case cudaSuccess -> "cudaSuccess";
      case cudaErrorInvalidValue -> "cudaErrorInvalidValue";
      case cudaErrorMemoryAllocation -> "cudaErrorMemoryAllocation";
      case cudaErrorInitializationError -> "cudaErrorInitializationError";
      case cudaErrorInsufficientDriver -> "cudaErrorInsufficientDriver";
      case cudaErrorDevicesUnavailable -> "cudaErrorDevicesUnavailable";
      case cudaErrorNoDevice -> "cudaErrorNoDevice";
      case cudaErrorInvalidDevice -> "cudaErrorInvalidDevice";
      case cudaErrorIllegalAddress -> "cudaErrorIllegalAddress";
      case cudaErrorLaunchFailure -> "cudaErrorLaunchFailure";
      case cudaErrorSystemDriverMismatch -> "cudaErrorSystemDriverMismatch";
      case cudaErrorCompatNotSupportedOnDevice -> "cudaErrorCompatNotSupportedOnDevice";
      case cudaErrorUnknown -> "cudaErrorUnknown";
      default -> "CUDA runtime error";
    };
    return name + " (" + status + ")";
  }

  private static String runtimeHint(int status) {
    return switch (status) {
      case cudaErrorNoDevice -> ": no CUDA-capable GPU is visible (check CUDA_VISIBLE_DEVICES)";
      case cudaErrorInsufficientDriver, cudaErrorSystemDriverMismatch ->
          ": the NVIDIA driver is missing or older than the CUDA runtime";
      case cudaErrorDevicesUnavailable -> ": the GPU is busy or in exclusive use by another process";
      case cudaErrorIllegalAddress, cudaErrorLaunchFailure ->
          ": the GPU context is broken; restart the process";
      default -> "";
    };
  }

  static String cublasName(int status) {
    String name = switch (status) {
      case CUBLAS_STATUS_SUCCESS -> "CUBLAS_STATUS_SUCCESS";
      case CUBLAS_STATUS_NOT_INITIALIZED -> "CUBLAS_STATUS_NOT_INITIALIZED";
      case CUBLAS_STATUS_ALLOC_FAILED -> "CUBLAS_STATUS_ALLOC_FAILED";
      case CUBLAS_STATUS_INVALID_VALUE -> "CUBLAS_STATUS_INVALID_VALUE";
      case CUBLAS_STATUS_ARCH_MISMATCH -> "CUBLAS_STATUS_ARCH_MISMATCH";
      case CUBLAS_STATUS_MAPPING_ERROR -> "CUBLAS_STATUS_MAPPING_ERROR";
      case CUBLAS_STATUS_EXECUTION_FAILED -> "CUBLAS_STATUS_EXECUTION_FAILED";
      case CUBLAS_STATUS_INTERNAL_ERROR -> "CUBLAS_STATUS_INTERNAL_ERROR";
      case CUBLAS_STATUS_NOT_SUPPORTED -> "CUBLAS_STATUS_NOT_SUPPORTED";
      case CUBLAS_STATUS_LICENSE_ERROR -> "CUBLAS_STATUS_LICENSE_ERROR";
      default -> "cuBLAS error";
    };
    return name + " (" + status + ")";
  }

  static String cusolverName(int status) {
    String name = switch (status) {
      case CUSOLVER_STATUS_SUCCESS -> "CUSOLVER_STATUS_SUCCESS";
      case CUSOLVER_STATUS_NOT_INITIALIZED -> "CUSOLVER_STATUS_NOT_INITIALIZED";
      case CUSOLVER_STATUS_ALLOC_FAILED -> "CUSOLVER_STATUS_ALLOC_FAILED";
      case CUSOLVER_STATUS_INVALID_VALUE -> "CUSOLVER_STATUS_INVALID_VALUE";
      case CUSOLVER_STATUS_ARCH_MISMATCH -> "CUSOLVER_STATUS_ARCH_MISMATCH";
      case CUSOLVER_STATUS_EXECUTION_FAILED -> "CUSOLVER_STATUS_EXECUTION_FAILED";
      case CUSOLVER_STATUS_INTERNAL_ERROR -> "CUSOLVER_STATUS_INTERNAL_ERROR";
      case CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED -> "CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED";
      case CUSOLVER_STATUS_NOT_SUPPORTED -> "CUSOLVER_STATUS_NOT_SUPPORTED";
      default -> "cuSOLVER error";
    };
    return name + " (" + status + ")";
  }
}
