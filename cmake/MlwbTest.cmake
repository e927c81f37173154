# mlwb_add_test(NAME tst_x SOURCES a.cpp LIBS mlwb_engine [LABELS engine] [ENV K=V ...])
# One Qt Test executable per unit, registered with CTest on the offscreen platform, with
# OpenMP waiting passively as in the program (core/thread_policy.h).
# QTEST_DISABLE_STACK_TRACE: Qt Test's crash handler forks a debugger from the signal handler,
# which deadlocks when the heap is corrupt; a crashing test then hung until the timeout.
function(mlwb_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  set_target_properties(${T_NAME} PROPERTIES AUTOMOC ON)
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} Qt6::Test mlwb_flags)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES
    LABELS "${T_LABELS}"
    TIMEOUT 600
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QTEST_DISABLE_STACK_TRACE=1;OMP_WAIT_POLICY=passive;XDG_RUNTIME_DIR=${CMAKE_BINARY_DIR}/xdg-runtime;ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1;LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp;${T_ENV}")
endfunction()
