# cmake -DNM=<nm> -DOBJ_Avx2=<objects> -DOBJ_Avx512=<objects> -P tst_tensor_gemm_symbols.cmake
# Fails when the AVX2 or AVX-512 build of tensor/gemm_kernels.cpp, models/logistic_kernels.cpp or
# models/mlp_kernels.cpp defines a symbol that the linker could merge with another object file's:
# every weak or global symbol must belong to that build's own namespaces (Eigen_Avx2, gemm_Avx2,
# logistic_Avx2, mlp_Avx2, ...;
# see tensor/detail/gemm.h). Names are matched mangled, in which the namespaces appear as they
# are written.
set(allowed "DW\\.ref\\.__gxx_personality_v0|^__odr_asan")  # the same in every object file
foreach(isa IN ITEMS Avx2 Avx512)
  execute_process(COMMAND ${NM} --defined-only --extern-only --format=just-symbols ${OBJ_${isa}}
                  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${OBJ_${isa}}")
  endif()
  string(REGEX MATCHALL "[^\n]+" symbols "${out}")
  foreach(symbol IN LISTS symbols)
    if(NOT symbol MATCHES "Eigen_${isa}|gemm_${isa}|gemmKernels${isa}|logistic_?${isa}|mlp(Step)?_?${isa}|${allowed}")
      string(APPEND shared "  ${symbol}\n")
    endif()
  endforeach()
endforeach()
if(shared)
  message(FATAL_ERROR "ISA-specific GEMM code defines symbols the linker may share:\n${shared}")
endif()
message(STATUS "no shared symbols in ${OBJ_Avx2} and ${OBJ_Avx512}")
